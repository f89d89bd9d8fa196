"""The counts the dashboard, the source registry and the home page show,
as what each claim adds to them.

A maintained figure is a counter keyed by the dimensions a page shows:
("claims", outlet, status), ("verdicts", outlet, rating), ("source",
source id, "claims"). A claim's *contribution* is the set of counters it
adds one to in its present state; when a claim changes, the counters move
by (contribution after) - (contribution before). Working per claim keeps
the upkeep exact whatever changed (status, verdict, chain, outlet, a
source's kind) and lets the same function count a whole archive from
scratch (the migration's backfill, ``factcheck figures rebuild``).

Pure: no database here; callers hand in plain rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import RATING_SCALE, TruthRating
from factcheck.domain.sources import SourceKind, Sourcing, sourcing_of

# (figure, first key, second key): e.g. ("claims", "Daily Planet", "new").
Key = tuple[str, str, str]
Counts = Counter[Key]

ARTICLES: Key = ("articles", "", "")
CLAIMS = "claims"  # outlet, status (every claim, dismissed spans too)
VERDICTS = "verdicts"  # outlet, rating of the current verdict
VERDICT_DAYS = "verdict_day"  # outlet, ISO day the current verdict was approved
SOURCING = "sourcing"  # outlet, one of SOURCING_KINDS
SOURCES = "source"  # source id, one of SOURCE_FIGURES
SOURCING_KINDS = ("anonymous", "single", "none")
# Claims per (outlet, status) again, one figure per sourcing kind: the
# claim list's total when it is filtered by sourcing (and outlet, status).
CLAIMS_BY_SOURCING = {kind: f"claims_{kind}" for kind in SOURCING_KINDS}
SOURCE_FIGURES = ("claims", "false", "anonymous")
FIGURES = (ARTICLES[0], CLAIMS, VERDICTS, VERDICT_DAYS, SOURCING, SOURCES,
           *CLAIMS_BY_SOURCING.values())


@dataclass(frozen=True)
class ClaimState:
    """What of one claim the figures depend on."""

    outlet: str | None
    status: ClaimStatus
    rating: TruthRating | None = None  # the current (newest) verdict's
    approved_at: datetime | None = None  # ...and when it was approved
    # Every hop of every chain: (source id, that source's kind).
    hops: tuple[tuple[int, SourceKind], ...] = ()


def outlet_key(outlet: str | None) -> str:
    """Articles saved without an outlet count under "" (the dashboard's
    "(no outlet)" row), whether the column holds NULL or an empty string."""
    return outlet or ""


def utc_day(moment: datetime) -> date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).date()


def sourcing_kinds(sourcing: Sourcing, anonymous: bool) -> list[str]:
    """The SOURCING_KINDS a claim so sourced counts under (anonymous and
    single overlap: one anonymous source is both)."""
    kinds = ["anonymous"] if anonymous else []
    if sourcing is Sourcing.SINGLE:
        kinds.append("single")
    elif sourcing is Sourcing.NONE:
        kinds.append("none")
    return kinds


def contribution(claim: ClaimState) -> Counts:
    counts: Counts = Counter()
    outlet = outlet_key(claim.outlet)
    counts[(CLAIMS, outlet, claim.status.value)] += 1
    kinds = sourcing_kinds(*sourcing_of(claim.hops))
    for kind in kinds:
        counts[(CLAIMS_BY_SOURCING[kind], outlet, claim.status.value)] += 1
    if claim.status is ClaimStatus.NOT_A_CLAIM:
        # Dismissed and merged-away spans show only in the status count.
        return counts
    if claim.rating is not None:
        counts[(VERDICTS, outlet, claim.rating.value)] += 1
        if claim.approved_at is not None:
            counts[(VERDICT_DAYS, outlet, utc_day(claim.approved_at).isoformat())] += 1
    for kind in kinds:
        counts[(SOURCING, outlet, kind)] += 1
    sources = {source_id for source_id, _ in claim.hops}
    anonymous = "anonymous" in kinds
    false = claim.rating is not None and RATING_SCALE[claim.rating].is_false_or_misleading
    for source_id in sources:
        counts[(SOURCES, str(source_id), "claims")] += 1
        if false:
            counts[(SOURCES, str(source_id), "false")] += 1
        if anonymous:
            counts[(SOURCES, str(source_id), "anonymous")] += 1
    return counts


def total(claims: Iterable[ClaimState], articles: int = 0) -> Counts:
    counts: Counts = Counter()
    for claim in claims:
        counts.update(contribution(claim))
    if articles:
        counts[ARTICLES] += articles
    return counts


def change(before: Mapping[Key, int], after: Mapping[Key, int]) -> dict[Key, int]:
    """after - before, keeping only the counters that move."""
    keys = set(before) | set(after)
    return {key: after.get(key, 0) - before.get(key, 0) for key in keys
            if after.get(key, 0) != before.get(key, 0)}


def differences(maintained: Mapping[Key, int], recounted: Mapping[Key, int]) -> list[
        tuple[Key, int, int]]:
    """(key, maintained, recounted) wherever they disagree; a counter at 0
    and one never written are the same."""
    keys = sorted(set(maintained) | set(recounted))
    return [(key, maintained.get(key, 0), recounted.get(key, 0)) for key in keys
            if maintained.get(key, 0) != recounted.get(key, 0)]
