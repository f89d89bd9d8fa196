"""Chains a newer extractor proposes for a claim (``factcheck reextract``):
shown beside the claim's own chains, which stay as people made them."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from factcheck.domain.roles import Permission
from factcheck.models.job import ChainProposal
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession


def chain_proposals(session: DbSession, actor: Actor, claim_id: int) -> Sequence[ChainProposal]:
    """Newest first."""
    require(actor, Permission.VIEW_ARTICLES)
    return session.scalars(sa.select(ChainProposal).where(ChainProposal.claim_id == claim_id)
                           .order_by(ChainProposal.created_at.desc(), ChainProposal.id.desc())
                           ).all()
