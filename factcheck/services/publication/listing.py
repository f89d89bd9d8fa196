"""The public list of fact-checks: newest first, a page at a time,
filtered by rating and outlet; and when any of it last changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction
from factcheck.models.verdict import Verdict
from factcheck.services.core.pages import Page, paginate
from factcheck.services.core.session import DbSession
from factcheck.services.publication.records import (
    FactCheck,
    fact_checks,
    public_verdicts,
)

PER_PAGE = 20


@dataclass(frozen=True)
class PublicFilters:
    rating: TruthRating | None = None
    outlet: str = ""

    @classmethod
    def parse(cls, rating: str | None, outlet: str | None) -> PublicFilters:
        """From an address: an unknown rating is no filter (a reader's typo
        shows everything rather than an error)."""
        known = rating if rating in TruthRating.__members__.values() else None
        return cls(TruthRating(known) if known else None, (outlet or "").strip()[:200])

    def args(self) -> dict[str, str]:
        found = {"rating": self.rating.value if self.rating else "", "outlet": self.outlet}
        return {key: value for key, value in found.items() if value}


def list_published(session: DbSession, filters: PublicFilters, page: int = 1,
                   per_page: int = PER_PAGE) -> Page[FactCheck]:
    """One page of published fact-checks, the most recently published
    first. Three statements, however many verdicts there are."""
    query = public_verdicts(session)
    if filters.rating is not None:
        query = query.where(Verdict.rating == filters.rating)
    if filters.outlet:
        query = query.where(Article.outlet == filters.outlet)
    found = paginate(session, query.order_by(Verdict.published_at.desc(), Verdict.id.desc()),
                     page, per_page)
    return found.with_items(fact_checks(session, found.items))


def outlets(session: DbSession) -> list[str]:
    """Outlets with a published claim, for the filter: each article asked
    once through the claims' article index, not every verdict read."""
    published = (sa.select(Claim.id).where(Claim.article_id == Article.id,
                                           Claim.status == ClaimStatus.PUBLISHED)
                 .correlate(Article).exists())
    return list(session.scalars(
        sa.select(Article.outlet).distinct()
        .where(published, Article.outlet.is_not(None), Article.outlet != "")
        .order_by(Article.outlet)))


@dataclass(frozen=True)
class PublicState:
    """What the public outputs last changed by: a publication, or a
    correction (which a withdrawal also writes)."""

    last_published: datetime | None
    last_corrected: datetime | None
    # Verdicts and corrections are appended, never deleted: the newest ids
    # move with every change, even one whose date is not the latest.
    last_verdict_id: int | None
    last_correction_id: int | None

    @property
    def last_modified(self) -> datetime | None:
        dates = [when for when in (self.last_published, self.last_corrected) if when]
        return max(dates) if dates else None

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything public may have: an entity tag for
        outputs too long to hash."""
        published = self.last_published.isoformat() if self.last_published else "-"
        return f"{published}.{self.last_verdict_id or 0}.{self.last_correction_id or 0}"


def public_state(session: DbSession) -> PublicState:
    """One statement of four index lookups, whatever the archive's size."""
    row = session.execute(sa.select(
        sa.select(sa.func.max(Verdict.published_at)).scalar_subquery(),
        sa.select(sa.func.max(Correction.created_at)).scalar_subquery(),
        sa.select(sa.func.max(Verdict.id)).scalar_subquery(),
        sa.select(sa.func.max(Correction.id)).scalar_subquery(),
    )).one()
    last_published, last_corrected, verdict_id, correction_id = row
    return PublicState(last_published=_as_datetime(last_published),
                       last_corrected=_as_datetime(last_corrected),
                       last_verdict_id=verdict_id, last_correction_id=correction_id)


def _as_datetime(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None
