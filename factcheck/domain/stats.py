"""Statistics the dashboard needs, as pure functions: agreement between
two reviewers (Cohen's kappa), percentiles, weeks and the age buckets of
waiting claims."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


def cohen_kappa(table: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from a contingency table {(rating by A, rating by B): n}.

    kappa = (observed agreement - chance agreement) / (1 - chance agreement),
    chance agreement being the sum over ratings of A's share times B's share.
    None when there is nothing to compare, or when chance agreement is
    already total (both always gave one and the same rating): kappa is
    undefined there, and calling it 0 or 1 would mislead.
    """
    total = sum(table.values())
    if total <= 0:
        return None
    first: dict[str, int] = {}
    second: dict[str, int] = {}
    agreed = 0
    for (a, b), count in table.items():
        first[a] = first.get(a, 0) + count
        second[b] = second.get(b, 0) + count
        if a == b:
            agreed += count
    observed = agreed / total
    chance = sum(first[rating] * second.get(rating, 0) for rating in first) / (total * total)
    if math.isclose(chance, 1.0):
        return None
    return (observed - chance) / (1 - chance)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation between the two
    nearest ranks, as spreadsheets and numpy do by default."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("percentile must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def recent_weeks(today: date, count: int) -> list[date]:
    """The Mondays of the last ``count`` weeks, oldest first, this week last."""
    this_week = week_start(today)
    return [this_week - timedelta(weeks=back) for back in range(count - 1, -1, -1)]


def weeks_between(first: date, last: date, limit: int = 53) -> list[date]:
    """Mondays from the week of ``first`` to the week of ``last``; at most
    ``limit`` of them (the latest), so a wide range stays readable."""
    weeks: list[date] = []
    monday = week_start(last)
    while monday >= week_start(first) and len(weeks) < limit:
        weeks.append(monday)
        monday -= timedelta(weeks=1)
    return weeks[::-1]


@dataclass(frozen=True)
class AgeBucket:
    key: str
    label: str
    min_days: int
    max_days: int | None  # exclusive; None: no upper bound


AGE_BUCKETS: tuple[AgeBucket, ...] = (
    AgeBucket("day", "Under a day", 0, 1),
    AgeBucket("week", "1 to 7 days", 1, 7),
    AgeBucket("month", "1 to 4 weeks", 7, 28),
    AgeBucket("quarter", "4 to 13 weeks", 28, 91),
    AgeBucket("older", "Over 13 weeks", 91, None),
)
AGE_BUCKETS_BY_KEY = {bucket.key: bucket for bucket in AGE_BUCKETS}


def share(part: int, whole: int) -> int:
    """A whole-number percentage; 0 of nothing is 0."""
    return round(100 * part / whole) if whole else 0


def fold_by_week(days: Iterable[tuple[date, int]]) -> dict[date, int]:
    """Per-day counts added up per week (keyed by Monday)."""
    weeks: dict[date, int] = {}
    for day, count in days:
        monday = week_start(day)
        weeks[monday] = weeks.get(monday, 0) + count
    return weeks
