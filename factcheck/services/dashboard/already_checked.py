"""The dashboard's "already checked" share: of the claims coming in from
each outlet, how many had been checked before, by us or by another
fact-checker.

A claim counts as already checked when a reviewer linked it as the same
claim as a published verdict, or when its closest published verdict (ours
on another claim, or imported) reached the "likely the same claim"
similarity when the claim was last matched. Matching runs when an article
is saved or re-anchored and when verdicts are published or imported
(factcheck.services.matching.claim_figures), never here: this is one
grouped query over stored figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.claim_match import ClaimMatchFigure
from factcheck.models.review import Evidence, Review
from factcheck.services.claims.listing import ClaimFilters, claim_conditions
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession
from factcheck.services.matching.links import SAME_CLAIM_PREFIX


@dataclass(frozen=True)
class OutletChecked:
    outlet: str  # "" for articles without an outlet
    incoming: int
    already_checked: int

    @property
    def share(self) -> int:
        """Whole percent (0 when nothing came in)."""
        return round(100 * self.already_checked / self.incoming) if self.incoming else 0


@dataclass(frozen=True)
class AlreadyChecked:
    likely_same: float
    outlets: list[OutletChecked]

    @property
    def incoming(self) -> int:
        return sum(row.incoming for row in self.outlets)

    @property
    def already_checked(self) -> int:
        return sum(row.already_checked for row in self.outlets)

    @property
    def share(self) -> int:
        return round(100 * self.already_checked / self.incoming) if self.incoming else 0


def linked_claims() -> sa.Select[int]:
    """Claims a reviewer linked as the same claim as a published verdict."""
    return (sa.select(Review.claim_id).join(Evidence, Evidence.review_id == Review.id)
            .where(Evidence.title.startswith(SAME_CLAIM_PREFIX, autoescape=True)))


def already_checked(session: DbSession, actor: Actor, filters: ClaimFilters, *,
                    likely_same: float, now: datetime | None = None) -> AlreadyChecked:
    """Per outlet, the claims the filters select and how many of them were
    already checked; most claims first, articles without an outlet last
    among equals. ``likely_same``: the configured
    "likely the same claim" similarity."""
    require(actor, Permission.VIEW_DASHBOARD)
    return count_already_checked(session, filters, likely_same=likely_same, now=now)


def count_already_checked(session: DbSession, filters: ClaimFilters, *, likely_same: float,
                          now: datetime | None = None) -> AlreadyChecked:
    """``already_checked`` without the permission check, for the periodic
    figures of the unfiltered dashboard (counted for whoever asks next)."""
    checked = sa.or_(ClaimMatchFigure.best_similarity >= likely_same,
                     Claim.id.in_(linked_claims()))
    # Counted per article, then rolled up to outlets: joining the articles
    # after counting is far cheaper than joining one per claim before.
    per_article = (
        sa.select(Claim.article_id.label("article_id"), sa.func.count().label("incoming"),
                  sa.func.sum(sa.case((checked, 1), else_=0)).label("checked"))
        .outerjoin(ClaimMatchFigure, ClaimMatchFigure.claim_id == Claim.id)
        .where(*claim_conditions(filters, now or datetime.now(UTC)))
        .group_by(Claim.article_id)).subquery()
    rows = session.execute(
        sa.select(Article.outlet, sa.func.sum(per_article.c.incoming),
                  sa.func.sum(per_article.c.checked))
        .join(per_article, per_article.c.article_id == Article.id)
        .group_by(Article.outlet)).all()
    # No outlet, NULL or empty, is one row (as the claim list's filter has it).
    totals: dict[str, tuple[int, int]] = {}
    for outlet, incoming, done in rows:
        before = totals.get(outlet or "", (0, 0))
        totals[outlet or ""] = (before[0] + int(incoming), before[1] + int(done or 0))
    outlets = [OutletChecked(outlet, incoming, done)
               for outlet, (incoming, done) in totals.items()]
    outlets.sort(key=lambda row: (-row.incoming, not row.outlet, row.outlet))
    return AlreadyChecked(likely_same, outlets)
