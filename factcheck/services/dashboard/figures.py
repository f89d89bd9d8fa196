"""The editors' verification dashboard: progress, verdicts, backlog,
reviewers and attribution quality, for the claims the filters select.

Unfiltered (the page editors keep open), the counts come from the
maintained counters (factcheck.services.figures), current as of the last
committed change; what is too costly to maintain comes from the periodic
figures (``periodic``), whose age the page shows. Filtered, every figure
is aggregated for the filters' claims (a fixed number of queries); the web
layer keeps that result briefly in the shared cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.stats import recent_weeks, week_start, weeks_between
from factcheck.services.claims.listing import (
    ClaimFilters,
    claim_conditions,
    reviewer_names,
    start_of,
)
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession
from factcheck.services.core.shared_cache import SharedCache
from factcheck.services.dashboard import periodic
from factcheck.services.dashboard.already_checked import AlreadyChecked, count_already_checked
from factcheck.services.dashboard.people import (
    SOURCE_ROWS,
    AttributionQuality,
    OutletSourcing,
    Reviewers,
    Scope,
    SourceQuality,
    attribution_quality,
    reviewers,
    source_names,
)
from factcheck.services.dashboard.periodic import WEEKS_SHOWN
from factcheck.services.dashboard.progress import (
    Backlog,
    OutletVerdicts,
    Progress,
    Verdicts,
    backlog,
    oldest_waiting,
    progress,
    verdicts,
)
from factcheck.services.dashboard.sql import dialect_of
from factcheck.services.figures import maintained


@dataclass(frozen=True)
class Dashboard:
    filters: ClaimFilters
    generated_at: datetime
    weeks: Sequence[date]
    week_began: date
    reviewer_names: dict[int, str]
    progress: Progress
    verdicts: Verdicts
    backlog: Backlog
    reviewers: Reviewers
    attribution: AttributionQuality
    # When the periodic figures (backlog by age, turnaround, reviewers,
    # attention, attribution ratings) were counted; None: counted now.
    periodic_at: datetime | None = None
    # Incoming claims already checked, per outlet (claim matching).
    already_checked: AlreadyChecked | None = None
    # The periodic figures are being counted by another request (a cold
    # start): their sections say so instead of showing empty tables.
    counting: periodic.BeingCounted | None = None

    @property
    def periodic_pending(self) -> bool:
        return self.counting is not None

    @property
    def periodic_pending_since(self) -> datetime | None:
        return self.counting.since if self.counting else None


def weeks_for(filters: ClaimFilters, today: date) -> list[date]:
    """The weeks the weekly figures cover: the filtered range, else the
    last twelve."""
    if filters.since or filters.until:
        last = min(filters.until or today, today)
        first = filters.since or last - timedelta(weeks=WEEKS_SHOWN - 1)
        return weeks_between(first, last) if first <= last else []
    return recent_weeks(today, WEEKS_SHOWN)


def build_dashboard(session: DbSession, actor: Actor, filters: ClaimFilters, *,
                    now: datetime | None = None,
                    likely_same: float = periodic.DEFAULT_LIKELY_SAME) -> Dashboard:
    """Every figure aggregated now for the filters' claims. ``now``: when
    the figures are computed (what "waiting for a week" counts from); the
    clock's time unless a test fixes it."""
    require(actor, Permission.VIEW_DASHBOARD)
    now = now or datetime.now(UTC)
    board = _compute(session, actor, filters, now)
    return replace(board, already_checked=count_already_checked(
        session, filters, likely_same=likely_same, now=now))


def maintained_dashboard(session: DbSession, actor: Actor, cache: SharedCache, *,
                         max_age: float, now: datetime | None = None,
                         likely_same: float = periodic.DEFAULT_LIKELY_SAME,
                         reviewers: dict[int, str] | None = None) -> Dashboard:
    """The unfiltered dashboard from the maintained counters and the
    periodic figures (recounted here if older than ``max_age`` seconds).
    ``reviewers``: ``reviewer_names`` if the caller has read them already
    (the page's filter menu has)."""
    require(actor, Permission.VIEW_DASHBOARD)
    now = now or datetime.now(UTC)
    names = reviewers if reviewers is not None else reviewer_names(session, actor)
    found = periodic.current(session, cache, names, now, max_age, likely_same=likely_same)
    filters = ClaimFilters()
    weeks = weeks_for(filters, now.date())
    by_status = maintained.claims_by_status(session)
    where = claim_conditions(filters, now)
    counting: periodic.BeingCounted | None = None
    if isinstance(found, periodic.BeingCounted):
        # Every other figure as usual; the periodic sections say they are
        # being counted (these placeholder values are never shown).
        counting, slow = found, periodic.PeriodicFigures(
            now, [], [], [], Reviewers([], [], None, 0, 0), {}, AlreadyChecked(likely_same, []))
    else:
        slow = found
    return Dashboard(
        filters=filters, generated_at=now, weeks=weeks, week_began=week_start(now.date()),
        reviewer_names=names,
        progress=Progress(by_status, slow.attention),
        verdicts=_maintained_verdicts(session, weeks),
        backlog=Backlog(slow.waiting_by_age, oldest_waiting(session, where), slow.turnaround),
        reviewers=slow.reviewers,
        attribution=_maintained_attribution(session, slow.outlet_ratings),
        periodic_at=None if counting else slow.computed_at,
        already_checked=None if counting else slow.already_checked,
        counting=counting)


def _maintained_verdicts(session: DbSession, weeks: Sequence[date]) -> Verdicts:
    outlets = maintained.verdicts_by_outlet(session)
    by_rating = {rating: 0 for rating in TruthRating}
    for counts in outlets.values():
        for rating, count in counts.items():
            by_rating[rating] += count
    by_outlet = sorted((OutletVerdicts(name, counts) for name, counts in outlets.items()
                        if any(counts.values())),
                       key=lambda row: (-row.total, row.outlet))
    return Verdicts(by_rating, maintained.verdicts_per_week(session, weeks), by_outlet)


def _maintained_attribution(session: DbSession,
                            ratings: dict[str, tuple[int, int]]) -> AttributionQuality:
    sourcing = maintained.sourcing_by_outlet(session)
    outlets = [OutletSourcing(outlet, claims, sourcing.get(outlet, {}).get("anonymous", 0),
                              sourcing.get(outlet, {}).get("single", 0),
                              sourcing.get(outlet, {}).get("none", 0),
                              *ratings.get(outlet, (0, 0)))
               for outlet, claims in maintained.live_claims_by_outlet(session).items() if claims]
    outlets.sort(key=lambda row: (-row.claims, row.outlet))
    figures = maintained.source_figures(session)
    # Most claims first, ties at the cut broken by id (as the query does).
    top = sorted(((counts.get("claims", 0), source_id) for source_id, counts in figures.items()
                  if counts.get("claims", 0)), key=lambda row: (-row[0], row[1]))[:SOURCE_ROWS]
    names = source_names(session, [source_id for _, source_id in top])
    sources = [SourceQuality(source_id, *names[source_id], claims,
                             figures[source_id].get("false", 0))
               for claims, source_id in top if source_id in names]
    sources.sort(key=lambda row: (-row.claims, row.name))
    return AttributionQuality(outlets, sources)


def _compute(session: DbSession, actor: Actor, filters: ClaimFilters,
             now: datetime) -> Dashboard:
    dialect = dialect_of(session)
    where = claim_conditions(filters, now)
    scope = Scope(where, unfiltered=filters.is_empty)
    weeks = weeks_for(filters, now.date())
    monday = week_start(now.date())
    names = reviewer_names(session, actor)
    return Dashboard(
        filters=filters,
        generated_at=now,
        weeks=weeks,
        week_began=monday,
        reviewer_names=names,
        progress=progress(session, where,
                          claim_conditions(filters, now, with_dismissed=True)),
        verdicts=verdicts(session, where, dialect, weeks),
        backlog=backlog(session, where, dialect, weeks, now),
        reviewers=reviewers(session, scope, names, start_of(monday)),
        attribution=attribution_quality(session, scope),
    )
