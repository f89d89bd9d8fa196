"""The home page's overview: what is in the system and what moved last."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.services.actors import Actor, require
from factcheck.services.session import DbSession


@dataclass(frozen=True)
class Overview:
    article_count: int
    claims_by_status: dict[ClaimStatus, int]
    recent_articles: Sequence[Article]

    @property
    def claim_count(self) -> int:
        return sum(self.claims_by_status.values())


def overview(session: DbSession, actor: Actor, recent: int = 10) -> Overview:
    require(actor, Permission.VIEW_ARTICLES)
    article_count = session.scalar(sa.select(sa.func.count(Article.id))) or 0
    counts = {status: 0 for status in ClaimStatus}
    for status, count in session.execute(
        sa.select(Claim.status, sa.func.count(Claim.id)).group_by(Claim.status)
    ):
        counts[status] = count
    articles = session.scalars(
        sa.select(Article).order_by(Article.added_at.desc(), Article.id.desc()).limit(recent)
    ).all()
    return Overview(article_count, counts, articles)
