"""Editors decide, publish and reopen verdicts. Verdicts are appended:
a new decision supersedes the previous one and both remain, and changing a
published verdict leaves a dated correction."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.workflow import DECIDABLE, REOPENABLE, SubmittedRating, outcome
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.models.notification import NotificationKind
from factcheck.models.review import Review
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import require
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.matching.index import index_published
from factcheck.services.review import notifications, reviews, workflow
from factcheck.services.review import snapshots as verdict_snapshots
from factcheck.services.webhooks import events as webhook_events


def latest_verdict(session: DbSession, claim_id: int) -> Verdict | None:
    return session.scalar(sa.select(Verdict).where(Verdict.claim_id == claim_id)
                          .order_by(Verdict.id.desc()).limit(1))


def latest_published(session: DbSession, claim_id: int) -> Verdict | None:
    return session.scalar(sa.select(Verdict).where(Verdict.claim_id == claim_id,
                                                   Verdict.published_at.is_not(None))
                          .order_by(Verdict.id.desc()).limit(1))


SELF_DECISION = ("You reviewed this claim, so another editor decides it "
                 "(a one-person desk can allow this with FACTCHECK_ALLOW_SELF_DECISION=1).")


def is_reviewer(session: DbSession, user: User, claim_id: int) -> bool:
    return session.scalar(sa.select(sa.func.count()).select_from(Review).where(
        Review.claim_id == claim_id, Review.reviewer_id == user.id)) != 0


def decide(session: DbSession, editor: User, claim_id: int, *, rating: TruthRating,
           public_rationale: str, expected_version: int,
           attribution: AttributionRating | None = None, claimant: str | None = None,
           allow_self_decision: bool = False) -> Verdict:
    """Approve a verdict, freezing what it judged and will publish.
    ``attribution`` and ``claimant`` default to the reviewers' agreed
    attribution rating and the claimant that follows from it."""
    require(editor, Permission.DECIDE_VERDICTS)
    claim = workflow.lock_at_version(session, claim_id, expected_version)
    if claim.status not in DECIDABLE:
        raise ValidationFailed("A verdict can be decided once the reviews are in.")
    if not allow_self_decision and is_reviewer(session, editor, claim.id):
        raise ValidationFailed(SELF_DECISION)
    rationale = public_rationale.strip()
    if rating.needs_rationale and not rationale:
        raise ValidationFailed("Write the public rationale readers will see.")
    previous = latest_verdict(session, claim.id)
    verdict = Verdict(claim_id=claim.id, rating=rating, public_rationale=rationale,
                      approved_by_id=editor.id, supersedes_id=previous.id if previous else None,
                      correction_note="")
    verdict_snapshots.freeze(session, claim, verdict, attribution, claimant)
    session.add(verdict)
    session.flush()
    audit.record(session, editor, AuditAction.VERDICT_APPROVED, "verdict", verdict.id,
                 before=previous.audit_snapshot() if previous else None,
                 after=verdict.audit_snapshot())
    workflow.move(session, editor, claim, ClaimStatus.APPROVED, verdict_id=verdict.id)
    claim.updated_at = utcnow()  # a decision is a change of the claim: bump its version
    session.flush()
    return verdict


def publish(session: DbSession, editor: User, claim_id: int, *, correction_note: str,
            expected_version: int) -> Verdict:
    require(editor, Permission.DECIDE_VERDICTS)
    claim = workflow.lock_at_version(session, claim_id, expected_version)
    if claim.status is not ClaimStatus.APPROVED:
        raise ValidationFailed("Only an approved verdict can be published.")
    verdict = latest_verdict(session, claim.id)
    assert verdict is not None  # APPROVED always has one
    earlier = latest_published(session, claim.id)
    note = correction_note.strip()
    changed = earlier is not None and (earlier.rating is not verdict.rating
                                       or earlier.public_rationale != verdict.public_rationale)
    if changed and not note:
        raise ValidationFailed("This changes a published verdict: say what changed and why; "
                               "readers will see it as a dated correction.")
    if changed and earlier is not None:
        correction = Correction(claim_id=claim.id, kind=CorrectionKind.VERDICT_CHANGED,
                                previous_rating=earlier.rating, new_rating=verdict.rating,
                                note=note, public_note=note, created_by_id=editor.id)
        session.add(correction)
        verdict.correction_note = note
        webhook_events.correction_published(session, correction)
    before = verdict.audit_snapshot()
    verdict.published_at = utcnow()
    session.flush()
    audit.record(session, editor, AuditAction.VERDICT_PUBLISHED, "verdict", verdict.id,
                 before=before, after=verdict.audit_snapshot())
    workflow.move(session, editor, claim, ClaimStatus.PUBLISHED, verdict_id=verdict.id)
    index_published(session, claim, verdict)  # findable as "already checked" from now on
    webhook_events.verdict_published(session, claim, verdict)
    reviewer_ids = session.scalars(sa.select(Review.reviewer_id)
                                   .where(Review.claim_id == claim.id)).all()
    notifications.notify(session, reviewer_ids, NotificationKind.PUBLISHED, claim,
                         f"Verdict published ({verdict.rating.label}) on a claim you reviewed: "
                         f"{claim.text[:160]}", skip=editor.id)
    return verdict


def reopen(session: DbSession, editor: User, claim_id: int, *, reason: str,
           expected_version: int, required: int, public_note: str = "") -> Claim:
    """Reopen a decided claim. ``reason`` is internal (audited, shown to the
    desk); withdrawing a published verdict also needs ``public_note``, the
    dated correction readers see."""
    require(editor, Permission.DECIDE_VERDICTS)
    claim = workflow.lock_at_version(session, claim_id, expected_version)
    if claim.status not in REOPENABLE:
        raise ValidationFailed("Only approved or published verdicts can be reopened.")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("Give the reason for reopening; it is kept with the claim.")
    published = latest_published(session, claim.id)
    public_note = public_note.strip()
    if published is not None and not public_note:
        raise ValidationFailed("This withdraws a published verdict: write the public note "
                               "readers will see with the dated correction.")
    if published is not None:
        correction = Correction(claim_id=claim.id, kind=CorrectionKind.REOPENED,
                                previous_rating=published.rating, new_rating=None,
                                note=reason, public_note=public_note, created_by_id=editor.id)
        session.add(correction)
        webhook_events.correction_published(session, correction)
    submitted = reviews.submitted_reviews(session, claim.id)
    target = outcome([SubmittedRating(r.truth_rating, r.attribution_rating) for r in submitted
                      if r.truth_rating and r.attribution_rating], required)
    audit.record(session, editor, AuditAction.VERDICT_REOPENED, "claim", claim.id,
                 before={"status": claim.status.value},
                 after={"status": target.value, "reason": reason})
    workflow.move(session, editor, claim, target, reason=reason)
    return claim
