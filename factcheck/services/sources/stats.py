"""Registry figures: per source, how many claims rest on it, how many of
those were rated false or misleading, and how many also rest on anonymous
sources. Aggregated in SQL in one query over the whole archive; the page
itself is two more queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import RATING_SCALE
from factcheck.domain.roles import Permission
from factcheck.domain.sources import SourceKind
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.source import Source
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.pages import Page, page_of
from factcheck.services.core.search import contains_text
from factcheck.services.core.session import DbSession

FALSE_RATINGS = [rating for rating, info in RATING_SCALE.items() if info.is_false_or_misleading]


@dataclass(frozen=True)
class SourceFigures:
    claims: int = 0
    false_or_misleading: int = 0
    with_anonymous: int = 0


@dataclass(frozen=True)
class RegistryFigures:
    """Every source's figures at one moment. Counting them means reading
    every claim's chain, so the web layer keeps a copy for a few seconds."""

    by_source: dict[int, SourceFigures]
    computed_at: datetime

    def of(self, source_id: int) -> SourceFigures:
        return self.by_source.get(source_id, SourceFigures())


@dataclass(frozen=True)
class SourceRow:
    source: Source
    claims: int
    false_or_misleading: int
    with_anonymous: int

    def share(self, count: int) -> int:
        return round(100 * count / self.claims) if self.claims else 0


def latest_verdicts() -> sa.Subquery:
    """The newest verdict per claim (verdicts are appended, never edited)."""
    return (sa.select(Verdict.claim_id, sa.func.max(Verdict.id).label("verdict_id"))
            .group_by(Verdict.claim_id).subquery())


def registry_figures(session: DbSession, actor: Actor) -> RegistryFigures:
    """One aggregate query over all chains: per source, its claims, how many
    of them were rated false or misleading, how many also rest on anonymous
    sources."""
    require(actor, Permission.VIEW_ARTICLES)
    claim_sources = (
        sa.select(AttributionHop.source_id.label("source_id"), Claim.id.label("claim_id"))
        .join(Attribution, Attribution.id == AttributionHop.attribution_id)
        .join(Claim, Claim.id == Attribution.claim_id)
        .where(Claim.status != ClaimStatus.NOT_A_CLAIM)
        .distinct().subquery()
    )
    latest = latest_verdicts()
    false_claims = (sa.select(latest.c.claim_id).join(Verdict, Verdict.id == latest.c.verdict_id)
                    .where(Verdict.rating.in_(FALSE_RATINGS)))
    anon_hop = aliased(AttributionHop)
    anon_source = aliased(Source)
    anonymous_claims = (
        sa.select(Attribution.claim_id)
        .join(anon_hop, anon_hop.attribution_id == Attribution.id)
        .join(anon_source, anon_source.id == anon_hop.source_id)
        .where(anon_source.kind == SourceKind.ANONYMOUS)
    )
    rows = session.execute(
        sa.select(
            claim_sources.c.source_id,
            sa.func.count(),
            sa.func.count().filter(claim_sources.c.claim_id.in_(false_claims)),
            sa.func.count().filter(claim_sources.c.claim_id.in_(anonymous_claims)),
        ).group_by(claim_sources.c.source_id)
    )
    return RegistryFigures({source_id: SourceFigures(claims, false, anon)
                            for source_id, claims, false, anon in rows}, datetime.now(UTC))


def source_rows(session: DbSession, actor: Actor, figures: RegistryFigures, *,
                search: str = "", kind: SourceKind | None = None,
                suggested: bool | None = None, page: int = 1,
                per_page: int = 100) -> Page[SourceRow]:
    """A page of the registry, most-cited first. Two queries whatever the
    archive's size: the matching sources' ids and names (the registry is
    small beside the claims), then the page's sources with their aliases."""
    require(actor, Permission.VIEW_ARTICLES)
    query = sa.select(Source.id, Source.name)
    if search:
        query = query.where(contains_text(Source.name, search))
    if kind is not None:
        query = query.where(Source.kind == kind)
    if suggested is not None:
        query = query.where(Source.confirmed_at.is_(None) if suggested
                            else Source.confirmed_at.is_not(None))
    matching = sorted(session.execute(query).all(),
                      key=lambda row: (-figures.of(row.id).claims, row.name.casefold(), row.id))
    found = page_of(matching, page, per_page)
    wanted = [row.id for row in found.items]
    loaded = {source.id: source for source in session.scalars(
        sa.select(Source).where(Source.id.in_(wanted))
        .options(selectinload(Source.aliases)))} if wanted else {}  # one query, not N
    rows = []
    for source_id in wanted:
        if source_id not in loaded:
            continue  # merged away between the two reads
        numbers = figures.of(source_id)
        rows.append(SourceRow(loaded[source_id], numbers.claims, numbers.false_or_misleading,
                              numbers.with_anonymous))
    return found.with_items(rows)


def claims_of_source(session: DbSession, actor: Actor, source_id: int,
                     limit: int = 500) -> Sequence[Claim]:
    """Claims across articles resting on this source, newest article first."""
    require(actor, Permission.VIEW_ARTICLES)
    ids = (sa.select(Attribution.claim_id)
           .join(AttributionHop, AttributionHop.attribution_id == Attribution.id)
           .where(AttributionHop.source_id == source_id))
    # Spans dismissed or merged away are not claims resting on the source
    # (the registry's counts skip them too).
    return session.scalars(
        sa.select(Claim).where(Claim.id.in_(ids), Claim.status != ClaimStatus.NOT_A_CLAIM)
        .order_by(Claim.article_id.desc(), Claim.start)
        .options(selectinload(Claim.article), selectinload(Claim.verdicts),
                 selectinload(Claim.attributions).selectinload(Attribution.hops)
                 .selectinload(AttributionHop.source))
        .limit(limit)
    ).all()
