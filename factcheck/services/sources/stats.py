"""Registry figures: per source, how many claims rest on it, how many of
those were rated false or misleading, and how many also rest on anonymous
sources. Read from the maintained counters (factcheck.services.figures);
the page itself is two more queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.domain.sources import SourceKind
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.source import Source
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.pages import Page, page_of
from factcheck.services.core.search import contains_text
from factcheck.services.core.session import DbSession
from factcheck.services.figures import maintained


@dataclass(frozen=True)
class SourceFigures:
    claims: int = 0
    false_or_misleading: int = 0
    with_anonymous: int = 0


@dataclass(frozen=True)
class RegistryFigures:
    """Every source's figures, read from the maintained counters (kept in
    each change's transaction), so the registry never counts the chains."""

    by_source: dict[int, SourceFigures]

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


def registry_figures(session: DbSession, actor: Actor) -> RegistryFigures:
    """Per source: its claims, how many of them were rated false or
    misleading, how many also rest on anonymous sources."""
    require(actor, Permission.VIEW_ARTICLES)
    return RegistryFigures({
        source_id: SourceFigures(counts.get("claims", 0), counts.get("false", 0),
                                 counts.get("anonymous", 0))
        for source_id, counts in maintained.source_figures(session).items()})


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
