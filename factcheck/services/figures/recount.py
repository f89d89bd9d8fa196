"""Every maintained figure counted afresh with plain aggregate SQL over the
archive: the reference ``factcheck figures verify`` compares the counters
with. Deliberately a different road from the upkeep (which sums per-claim
contributions in Python), so a mistake in one shows up as a difference
instead of being repeated on both sides."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from factcheck.domain import figures
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.sources import Sourcing
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict
from factcheck.services.claims.listing import FALSE_RATINGS
from factcheck.services.core.session import DbSession
from factcheck.services.dashboard.sql import as_date, day_of, dialect_of, per_claim_sources

LIVE = Claim.status != ClaimStatus.NOT_A_CLAIM
OUTLET = sa.func.coalesce(Article.outlet, "")


def recount(session: DbSession) -> figures.Counts:
    counts: figures.Counts = Counter()
    counts[figures.ARTICLES] = session.scalar(sa.select(sa.func.count(Article.id))) or 0
    per_claim = sa.select().select_from(Claim).join(Article, Article.id == Claim.article_id)
    for outlet, status, n in session.execute(
            per_claim.add_columns(OUTLET, Claim.status, sa.func.count())
            .group_by(OUTLET, Claim.status)):
        counts[(figures.CLAIMS, outlet, ClaimStatus(status).value)] += n
    _verdicts(session, counts)
    _sourcing(session, counts)
    _sources(session, counts)
    return +counts  # drop zeros


def _current() -> Any:
    newest = (sa.select(sa.func.max(Verdict.id).label("id"))
              .group_by(Verdict.claim_id).subquery())
    return (sa.select(Verdict.claim_id, Verdict.rating, Verdict.approved_at)
            .join(newest, newest.c.id == Verdict.id).subquery())


def _verdicts(session: DbSession, counts: figures.Counts) -> None:
    current = _current()
    joined = (sa.select().select_from(current).join(Claim, Claim.id == current.c.claim_id)
              .join(Article, Article.id == Claim.article_id).where(LIVE))
    for outlet, rating, n in session.execute(
            joined.add_columns(OUTLET, current.c.rating, sa.func.count())
            .group_by(OUTLET, current.c.rating)):
        counts[(figures.VERDICTS, outlet, TruthRating(rating).value)] += n
    day = day_of(dialect_of(session), current.c.approved_at)
    for outlet, value, n in session.execute(
            joined.add_columns(OUTLET, day, sa.func.count()).group_by(OUTLET, day)):
        counts[(figures.VERDICT_DAYS, outlet, as_date(value).isoformat())] += n



def _sourcing(session: DbSession, counts: figures.Counts) -> None:
    """Per outlet and status, claims resting on an anonymous source, on a
    single one, on none: both the per-status figures (every status) and
    the per-outlet ones (dismissed spans left out)."""
    chains = per_claim_sources()
    for outlet, status, anonymous, single, none in session.execute(
            sa.select(OUTLET, Claim.status,
                      sa.func.sum(sa.func.coalesce(chains.c.anonymous, 0)),
                      sa.func.sum(sa.case((chains.c.sources == 1, 1), else_=0)),
                      sa.func.sum(sa.case((chains.c.claim_id.is_(None), 1), else_=0)))
            .select_from(Claim).join(Article, Article.id == Claim.article_id)
            .outerjoin(chains, chains.c.claim_id == Claim.id).group_by(OUTLET, Claim.status)):
        status = ClaimStatus(status)
        for kind, n in zip(figures.SOURCING_KINDS, (anonymous, single, none), strict=True):
            counts[(figures.CLAIMS_BY_SOURCING[kind], outlet, status.value)] += int(n or 0)
            if status is not ClaimStatus.NOT_A_CLAIM:
                counts[(figures.SOURCING, outlet, kind)] += int(n or 0)


SOURCING_RANK = {Sourcing.NONE: 0, Sourcing.SINGLE: 1, Sourcing.SEVERAL: 2}
STORED_SOURCING = "claim_sourcing"  # the figure name differences are reported under


def stored_sourcing_differences(session: DbSession) -> list[tuple[figures.Key, int, int]]:
    """Claims whose stored sourcing (claims.sourcing, rests_on_anonymous)
    is not what their chains say, as (key, stored, counted): key
    ("claim_sourcing", claim id, "sources") compares distinct sources
    (0, 1, 2 for several), ("claim_sourcing", claim id, "anonymous") 0/1."""
    chains = per_claim_sources()
    sources = sa.func.coalesce(chains.c.sources, 0)
    anonymous = sa.func.coalesce(chains.c.anonymous, 0)
    counted = sa.case((sources == 0, Sourcing.NONE.value), (sources == 1, Sourcing.SINGLE.value),
                      else_=Sourcing.SEVERAL.value)
    stored_anonymous = sa.case((Claim.rests_on_anonymous, 1), else_=0)
    out: list[tuple[figures.Key, int, int]] = []
    for claim_id, sourcing, kept_anonymous, n, any_anonymous in session.execute(
            sa.select(Claim.id, Claim.sourcing, stored_anonymous, sources, anonymous)
            .outerjoin(chains, chains.c.claim_id == Claim.id)
            .where(sa.or_(Claim.sourcing != counted, stored_anonymous != anonymous))
            .order_by(Claim.id)):
        kept, found = SOURCING_RANK[Sourcing(sourcing)], min(int(n), 2)
        if kept != found:
            out.append(((STORED_SOURCING, str(claim_id), "sources"), kept, found))
        if int(kept_anonymous) != int(any_anonymous):
            out.append(((STORED_SOURCING, str(claim_id), "anonymous"), int(kept_anonymous),
                        int(any_anonymous)))
    return out


def _sources(session: DbSession, counts: figures.Counts) -> None:
    current = _current()
    chains = per_claim_sources()
    resting = (sa.select(AttributionHop.source_id.label("source_id"),
                         Attribution.claim_id.label("claim_id"))
               .join(Attribution, Attribution.id == AttributionHop.attribution_id)
               .distinct().subquery())
    for source_id, claims, false, anonymous in session.execute(
            sa.select(resting.c.source_id, sa.func.count(),
                      sa.func.sum(sa.case((current.c.rating.in_(FALSE_RATINGS), 1), else_=0)),
                      sa.func.sum(chains.c.anonymous))
            .select_from(resting).join(Claim, Claim.id == resting.c.claim_id)
            .join(chains, chains.c.claim_id == resting.c.claim_id)
            .outerjoin(current, current.c.claim_id == resting.c.claim_id)
            .where(LIVE).group_by(resting.c.source_id)):
        for kind, n in zip(figures.SOURCE_FIGURES, (claims, false, anonymous), strict=True):
            counts[(figures.SOURCES, str(source_id), kind)] += int(n or 0)
