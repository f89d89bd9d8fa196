"""The home page's overview: what is in the system and what moved last."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession


@dataclass(frozen=True)
class DeskCounts:
    """How much is in the system: a count over every claim, so the web layer
    keeps it for a few seconds on a big archive."""

    article_count: int
    claims_by_status: dict[ClaimStatus, int]
    computed_at: datetime

    @property
    def claim_count(self) -> int:
        return sum(self.claims_by_status.values())


def desk_counts(session: DbSession, actor: Actor) -> DeskCounts:
    require(actor, Permission.VIEW_ARTICLES)
    article_count = session.scalar(sa.select(sa.func.count(Article.id))) or 0
    counts = {status: 0 for status in ClaimStatus}
    for status, count in session.execute(
        sa.select(Claim.status, sa.func.count(Claim.id)).group_by(Claim.status)
    ):
        counts[status] = count
    return DeskCounts(article_count, counts, datetime.now(UTC))


def recent_articles(session: DbSession, actor: Actor, limit: int = 10) -> Sequence[Article]:
    """What came in last: always read live, so a new article shows at once."""
    require(actor, Permission.VIEW_ARTICLES)
    return session.scalars(
        sa.select(Article).order_by(Article.added_at.desc(), Article.id.desc()).limit(limit)
    ).all()
