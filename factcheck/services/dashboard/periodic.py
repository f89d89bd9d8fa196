"""The dashboard's figures too costly to keep current change by change:
medians and percentiles of turnaround, reviewer agreement (kappa), the
articles needing attention, waiting claims by age (which move with the
clock, not with changes), reviews' attribution ratings per outlet.

They are recounted on a bounded schedule and kept in the shared cache as
JSON, with when they were counted: a request that finds them older than
``max_age`` recounts them (one worker at a time, the others serve the
previous count meanwhile, never one older than ``2 * max_age``), and
``factcheck figures refresh`` recounts them from a timer so that no
request has to. The page shows their age.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.stats import AGE_BUCKETS_BY_KEY, AgeBucket, recent_weeks, week_start
from factcheck.services.claims.listing import ClaimFilters, claim_conditions, start_of
from factcheck.services.core.session import DbSession
from factcheck.services.core.shared_cache import SharedCache
from factcheck.services.dashboard.already_checked import (
    AlreadyChecked,
    OutletChecked,
    count_already_checked,
)
from factcheck.services.dashboard.people import (
    PairAgreement,
    Reviewers,
    Scope,
    Workload,
    outlet_ratings,
    reviewers,
)
from factcheck.services.dashboard.progress import (
    ArticleProgress,
    WeekTurnaround,
    attention,
    turnaround,
    waiting_by_age,
)
from factcheck.services.dashboard.sql import dialect_of

CACHE_KEY = "dashboard:periodic:v2"
# The "likely the same claim" similarity when none is configured (the
# matching service's default threshold).
DEFAULT_LIKELY_SAME = 0.4
LOCK_KEY = "dashboard:periodic:recounting"
LOCK_SECONDS = 120.0  # longer than any recount; a crashed one frees it then
WEEKS_SHOWN = 12
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicFigures:
    computed_at: datetime
    attention: list[ArticleProgress]
    waiting_by_age: list[tuple[AgeBucket, int]]
    turnaround: list[WeekTurnaround]
    reviewers: Reviewers
    outlet_ratings: dict[str, tuple[int, int]]  # outlet: (rated, misattributed)
    # Incoming claims already checked, per outlet: a grouped query over every
    # claim, so counted on this schedule rather than on each page view.
    already_checked: AlreadyChecked

    def age_seconds(self, now: datetime) -> float:
        return max(0.0, (now - self.computed_at).total_seconds())


def count(session: DbSession, names: dict[int, str], now: datetime, *,
          likely_same: float = DEFAULT_LIKELY_SAME) -> PeriodicFigures:
    """Every periodic figure of the unfiltered dashboard, counted now."""
    filters = ClaimFilters()
    where = claim_conditions(filters, now)
    scope = Scope(where, unfiltered=True)
    monday = week_start(now.date())
    weeks = recent_weeks(now.date(), WEEKS_SHOWN)
    return PeriodicFigures(
        computed_at=now,
        attention=attention(session, where),
        waiting_by_age=waiting_by_age(session, where, now),
        turnaround=turnaround(session, where, dialect_of(session), weeks),
        reviewers=reviewers(session, scope, names, start_of(monday)),
        outlet_ratings=outlet_ratings(session, scope),
        already_checked=count_already_checked(session, filters, likely_same=likely_same,
                                              now=now))


@dataclass(frozen=True)
class BeingCounted:
    """Nothing counted yet (a cold start) and another request is counting:
    the page says so rather than count again."""

    since: datetime | None  # when that count began, if known


def current(session: DbSession, cache: SharedCache, names: dict[int, str], now: datetime,
            max_age: float, *, likely_same: float = DEFAULT_LIKELY_SAME,
            ) -> PeriodicFigures | BeingCounted:
    """The cached figures if younger than ``max_age``; else recounted by
    this request, unless another request is recounting already: then the
    cached ones if any (still within twice ``max_age``), else word that
    they are being counted. On a cold start at a million claims a count
    takes seconds; every dashboard request arriving meanwhile counting too
    would hold as many workers for as long."""
    stored = cache.get(CACHE_KEY)
    cached = from_json(stored) if stored else None
    if cached is not None and cached.already_checked.likely_same != likely_same:
        cached = None  # counted under another threshold: not these figures
    if cached is not None and cached.age_seconds(now) < max_age:
        return cached
    took_lock = cache.add(LOCK_KEY, now.isoformat(), LOCK_SECONDS)
    if not took_lock:
        if cached is not None:
            return cached  # someone else is recounting; this one is under 2 * max_age
        return BeingCounted(_began(cache.get(LOCK_KEY)))
    try:
        fresh = count(session, names, now, likely_same=likely_same)
        store(cache, fresh, max_age)
        return fresh
    finally:
        if took_lock:
            cache.delete(LOCK_KEY)


def _began(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None


def store(cache: SharedCache, figures: PeriodicFigures, max_age: float) -> None:
    # Kept for twice the bound: past max_age a request recounts, and until
    # the recount lands the previous figures still serve.
    cache.set(CACHE_KEY, to_json(figures), max(2 * max_age, 1.0))


def to_json(figures: PeriodicFigures) -> str:
    r = figures.reviewers
    return json.dumps({
        "computed_at": figures.computed_at.isoformat(),
        "attention": [[a.article_id, a.title, a.outlet,
                       {s.value: n for s, n in a.by_status.items()}] for a in figures.attention],
        "waiting_by_age": [[bucket.key, n] for bucket, n in figures.waiting_by_age],
        "turnaround": [[t.week.isoformat(), t.count, t.median_days, t.p90_days]
                       for t in figures.turnaround],
        "workload": [[w.user_id, w.name, w.assigned, w.drafting, w.done_this_week]
                     for w in r.workload],
        "pairs": [[list(p.first), list(p.second), p.claims, p.agreed, p.disagreed, p.kappa]
                  for p in r.pairs],
        "overall_kappa": r.overall_kappa, "double_reviewed": r.double_reviewed,
        "disagreed": r.disagreed,
        "outlet_ratings": {outlet: list(pair) for outlet, pair in figures.outlet_ratings.items()},
        "likely_same": figures.already_checked.likely_same,
        "already_checked": [[row.outlet, row.incoming, row.already_checked]
                            for row in figures.already_checked.outlets],
    })


def from_json(text: str) -> PeriodicFigures | None:
    """None when the stored text is not what this version writes (a cache
    left by an older release): recounted instead of half-read."""
    try:
        data: dict[str, Any] = json.loads(text)
        reviewers_ = Reviewers(
            [Workload(*row) for row in data["workload"]],
            [PairAgreement((a[0], a[1]), (b[0], b[1]), claims, agreed, disagreed, kappa)
             for a, b, claims, agreed, disagreed, kappa in data["pairs"]],
            data["overall_kappa"], data["double_reviewed"], data["disagreed"])
        return PeriodicFigures(
            computed_at=datetime.fromisoformat(data["computed_at"]).astimezone(UTC),
            attention=[ArticleProgress(article_id, title, outlet,
                                       {ClaimStatus(s): n for s, n in statuses.items()})
                       for article_id, title, outlet, statuses in data["attention"]],
            waiting_by_age=[(AGE_BUCKETS_BY_KEY[key], n) for key, n in data["waiting_by_age"]],
            turnaround=[WeekTurnaround(date.fromisoformat(week), n, median_days, p90)
                        for week, n, median_days, p90 in data["turnaround"]],
            reviewers=reviewers_,
            outlet_ratings={outlet: (pair[0], pair[1])
                            for outlet, pair in data["outlet_ratings"].items()},
            already_checked=AlreadyChecked(float(data["likely_same"]), [
                OutletChecked(outlet, incoming, checked)
                for outlet, incoming, checked in data["already_checked"]]))
    except (KeyError, TypeError, ValueError):
        log.warning("ignoring a periodic-figures cache entry this version cannot read")
        return None
