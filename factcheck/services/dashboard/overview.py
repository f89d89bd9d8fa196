"""The home page's overview: what is in the system and what moved last."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession
from factcheck.services.figures import maintained


@dataclass(frozen=True)
class DeskCounts:
    """How much is in the system, from the maintained counters: current as
    of the last committed change, without counting the archive."""

    article_count: int
    claims_by_status: dict[ClaimStatus, int]

    @property
    def claim_count(self) -> int:
        return sum(self.claims_by_status.values())


def desk_counts(session: DbSession, actor: Actor) -> DeskCounts:
    require(actor, Permission.VIEW_ARTICLES)
    return DeskCounts(maintained.article_count(session), maintained.claims_by_status(session))


def recent_articles(session: DbSession, actor: Actor, limit: int = 10) -> Sequence[Article]:
    """What came in last: always read live, so a new article shows at once."""
    require(actor, Permission.VIEW_ARTICLES)
    return session.scalars(
        sa.select(Article).order_by(Article.added_at.desc(), Article.id.desc()).limit(limit)
    ).all()
