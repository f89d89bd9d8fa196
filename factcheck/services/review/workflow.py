"""Moving claims through their life cycle: locking, transitions, taking
and assigning. Every transition is checked against the domain table and
audited."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.domain.workflow import TransitionError, check_transition
from factcheck.models.claim import Claim
from factcheck.models.notification import NotificationKind
from factcheck.models.user import User
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import Conflict, NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.review import notifications
from factcheck.services.webhooks import events as webhook_events

STALE = ("Someone else changed this claim's status while you were working on it. "
         "Nothing was overwritten; reload to see where it stands now.")


def lock_claim(session: DbSession, claim_id: int) -> Claim:
    """The claim, re-read under a row lock on PostgreSQL (SQLite already
    holds its database write lock), so two transitions cannot interleave."""
    claim = session.scalar(
        sa.select(Claim).where(Claim.id == claim_id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if claim is None:
        raise NotFound("No such claim.")
    return claim


def lock_at_version(session: DbSession, claim_id: int, expected_version: int | None) -> Claim:
    """The claim under its row lock, provided it is still the version the
    person saw (None: any version); otherwise a conflict."""
    claim = lock_claim(session, claim_id)
    if expected_version is not None and claim.version != expected_version:
        raise Conflict(STALE)
    return claim


def enter(claim: Claim, target: ClaimStatus) -> None:
    """Change status if the workflow allows it, for an edit whose own audit
    event records the change (one edit, one event)."""
    if claim.status is target:
        return
    try:
        check_transition(claim.status, target)
    except TransitionError as error:
        raise ValidationFailed(str(error)) from error
    claim.status = target


def move(session: DbSession, actor: Actor, claim: Claim, target: ClaimStatus,
         **details: Any) -> None:
    """Change status and record it; a no-op when already there."""
    if claim.status is target:
        return
    before = {"status": claim.status.value}
    enter(claim, target)
    session.flush()
    audit.record(session, actor, AuditAction.CLAIM_STATUS_CHANGED, "claim", claim.id,
                 before=before, after={"status": target.value, **details})
    if target is ClaimStatus.DISPUTED:
        # However it got there (reviews settling, a revised review, a reopen).
        webhook_events.claim_disputed(session, claim)


def take(session: DbSession, actor: User, claim_id: int, expected_version: int) -> Claim:
    """A checker takes an unassigned claim for themselves."""
    require(actor, Permission.REVIEW_CLAIMS)
    claim = lock_at_version(session, claim_id, expected_version)
    if claim.assignee_id is not None and claim.assignee_id != actor.id:
        raise Conflict("Someone else took this claim first.")
    _assign(session, actor, claim, actor)
    return claim


def assign(session: DbSession, actor: Actor, claim_id: int, assignee: User | None,
           expected_version: int) -> Claim:
    """Editors assign and reassign (or unassign with None)."""
    require(actor, Permission.ASSIGN_CLAIMS)
    claim = lock_at_version(session, claim_id, expected_version)
    if assignee is not None and not assignee.can(Permission.REVIEW_CLAIMS):
        raise ValidationFailed(f"{assignee.display_name} cannot review claims.")
    _assign(session, actor, claim, assignee)
    return claim


def _assign(session: DbSession, actor: Actor, claim: Claim, assignee: User | None) -> None:
    if claim.status is ClaimStatus.NOT_A_CLAIM:
        raise ValidationFailed("This span is marked as not a claim.")
    before = {"assignee_id": claim.assignee_id}
    claim.assignee_id = assignee.id if assignee else None
    session.flush()
    audit.record(session, actor, AuditAction.CLAIM_ASSIGNED, "claim", claim.id, before=before,
                 after={"assignee_id": claim.assignee_id})
    if claim.status is ClaimStatus.NEW and assignee is not None:
        move(session, actor, claim, ClaimStatus.IN_REVIEW)
    if assignee is not None:
        notifications.notify(session, [assignee.id], NotificationKind.ASSIGNED, claim,
                             f"A claim was assigned to you: {claim.text[:200]}",
                             skip=getattr(actor, "id", None))
