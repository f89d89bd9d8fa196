"""Does the audit trail prove the current state? Replays the events of
claims, reviews and verdicts (each event's "after" is the state it left)
and compares the result with the rows as they are now. A row edited,
added or deleted by someone with database access but not through the
application leaves no event, so it shows up here by name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.domain.audit_chain import canonical_json
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.verdict import Verdict
from factcheck.services.audit.trail import iter_chain
from factcheck.services.core.session import DbSession

CHECKED = ("claim", "review", "verdict")
# Events that describe a second claim inside the first one's event.
NESTED_CLAIMS = (("new_claim_id", "new_claim"), ("merged_claim_id", "merged_claim"))
SYNTHETIC = "synthetic_archive"


@dataclass(frozen=True)
class Difference:
    entity_type: str
    entity_id: int
    problem: str

    def __str__(self) -> str:
        return f"{self.entity_type} {self.entity_id}: {self.problem}"


@dataclass
class StateReport:
    checked: int = 0
    differences: list[Difference] = field(default_factory=list)
    # Rows written in bulk by the synthetic archive loader, which records one
    # event for the whole archive: they cannot be checked row by row.
    unrecorded_bulk: int = 0

    @property
    def ok(self) -> bool:
        return not self.differences


def replay(session: DbSession) -> tuple[dict[tuple[str, int], dict[str, Any]], bool]:
    """The state of every claim, review and verdict as the trail tells it,
    and whether a synthetic archive was loaded."""
    state: dict[tuple[str, int], dict[str, Any]] = {}
    synthetic = False
    for event in iter_chain(session):
        if event.entity_type == SYNTHETIC:
            synthetic = True
        if event.entity_type not in CHECKED or not event.entity_id or not event.after:
            continue
        after = json.loads(event.after)
        if not isinstance(after, dict) or not event.entity_id.isdigit():
            continue
        state.setdefault((event.entity_type, int(event.entity_id)), {}).update(after)
        if event.entity_type == "claim":
            for id_key, snapshot_key in NESTED_CLAIMS:
                other, snapshot = after.get(id_key), after.get(snapshot_key)
                if isinstance(other, int) and isinstance(snapshot, dict):
                    state.setdefault(("claim", other), {}).update(snapshot)
    return state, synthetic


def _rows(session: DbSession) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for claim in session.scalars(sa.select(Claim).order_by(Claim.id)).yield_per(1000):
        yield "claim", claim.id, claim.audit_snapshot()
    for review in session.scalars(sa.select(Review).options(selectinload(Review.evidence))
                                  .order_by(Review.id)).yield_per(1000):
        yield "review", review.id, review.audit_snapshot()
    for verdict in session.scalars(sa.select(Verdict).order_by(Verdict.id)).yield_per(1000):
        yield "verdict", verdict.id, verdict.audit_snapshot()


def _same(left: object, right: object) -> bool:
    return canonical_json(left) == canonical_json(right)


def check_state(session: DbSession) -> StateReport:
    """Name every claim, review and verdict whose row differs from what the
    trail says, exists without an event, or is gone without one."""
    expected, synthetic = replay(session)
    report = StateReport()
    seen: set[tuple[str, int]] = set()
    for entity_type, entity_id, snapshot in _rows(session):
        report.checked += 1
        seen.add((entity_type, entity_id))
        recorded = expected.get((entity_type, entity_id))
        if recorded is None:
            if synthetic:
                report.unrecorded_bulk += 1
            else:
                report.differences.append(Difference(
                    entity_type, entity_id, "exists, but no event records it "
                    "(added outside the application)"))
            continue
        for name, value in snapshot.items():
            if name in recorded and not _same(value, recorded[name]):
                report.differences.append(Difference(
                    entity_type, entity_id,
                    f"{name} is {canonical_json(value)}, the trail says "
                    f"{canonical_json(recorded[name])} (changed outside the application)"))
    for entity_type, entity_id in sorted(set(expected) - seen):
        report.differences.append(Difference(
            entity_type, entity_id, "recorded in the trail but missing "
            "(deleted outside the application)"))
    return report
