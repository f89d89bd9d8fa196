"""The editors' verification dashboard: progress, verdicts, backlog,
reviewers and attribution quality, for the claims the filters select.

A fixed number of aggregate queries however large the archive. The web
layer keeps the whole result for a short time (seconds, web/figures_cache.py)
keyed by the filters, so a desk of editors reloading the page does not redo
the aggregation over the whole archive; the page says when its figures
were computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

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
from factcheck.services.dashboard.people import (
    AttributionQuality,
    Reviewers,
    Scope,
    attribution_quality,
    reviewers,
)
from factcheck.services.dashboard.progress import (
    Backlog,
    Progress,
    Verdicts,
    backlog,
    progress,
    verdicts,
)
from factcheck.services.dashboard.sql import dialect_of

WEEKS_SHOWN = 12


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


def weeks_for(filters: ClaimFilters, today: date) -> list[date]:
    """The weeks the weekly figures cover: the filtered range, else the
    last twelve."""
    if filters.since or filters.until:
        last = min(filters.until or today, today)
        first = filters.since or last - timedelta(weeks=WEEKS_SHOWN - 1)
        return weeks_between(first, last) if first <= last else []
    return recent_weeks(today, WEEKS_SHOWN)


def build_dashboard(session: DbSession, actor: Actor, filters: ClaimFilters, *,
                    now: datetime | None = None) -> Dashboard:
    """``now``: when the figures are computed (what "waiting for a week"
    counts from); the clock's time unless a test fixes it."""
    require(actor, Permission.VIEW_DASHBOARD)
    return _compute(session, actor, filters, now or datetime.now(UTC))


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
