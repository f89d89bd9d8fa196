"""Reviewing a claim: drafts, submission, blind review, and what the
submitted reviews add up to."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.workflow import REVIEWABLE, SubmittedRating, outcome
from factcheck.models.claim import Claim
from factcheck.models.notification import NotificationKind
from factcheck.models.review import Evidence, Review
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.services import audit, notifications, workflow
from factcheck.services.actors import Actor, require
from factcheck.services.errors import Conflict, NotFound, ValidationFailed
from factcheck.services.session import DbSession
from factcheck.services.text_input import plain_field, row_id_in_range

STALE = ("This review was saved from another window or tab after you opened it. "
         "Nothing was overwritten: what you typed is below, beside what is saved.")


@dataclass
class EvidenceInput:
    url: str = ""
    title: str = ""
    stance: EvidenceStance = EvidenceStance.CONTEXT
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.url.strip() or self.title.strip() or self.note.strip())


@dataclass
class ReviewInput:
    truth: TruthRating | None = None
    attribution: AttributionRating | None = None
    rationale: str = ""
    evidence: list[EvidenceInput] = field(default_factory=list)


def own_review(session: DbSession, user: User, claim_id: int) -> Review | None:
    return session.scalar(
        sa.select(Review).where(Review.claim_id == claim_id, Review.reviewer_id == user.id)
    )


def _validate(data: ReviewInput, submit: bool) -> list[EvidenceInput]:
    evidence = [item for item in data.evidence if not item.is_blank]
    plain_field(data.rationale, "The rationale")
    for item in evidence:
        plain_field(item.title, "An evidence title")
        plain_field(item.note, "An evidence note")
        plain_field(item.url, "An evidence link")
        if item.url.strip() and urlsplit(item.url.strip()).scheme not in ("http", "https"):
            raise ValidationFailed("Evidence links must start with http:// or https://.")
    if len(data.rationale) > 20000:
        raise ValidationFailed("The rationale is longer than 20,000 characters.")
    if submit:
        if data.truth is None:
            raise ValidationFailed("Choose a truth rating before submitting.")
        if data.attribution is None:
            raise ValidationFailed("Choose an attribution rating before submitting.")
        if data.truth.needs_rationale and not data.rationale.strip():
            raise ValidationFailed("Explain the rating: a rationale is required "
                                   "(except for Not checkable).")
    return evidence


def save_review(session: DbSession, actor: User, claim_id: int, data: ReviewInput, *,
                submit: bool, expected_version: int | None, required: int) -> Review:
    """Save a draft or submit. ``expected_version`` is the version of the
    reviewer's own review when the form was opened (None: there was none)."""
    require(actor, Permission.REVIEW_CLAIMS)
    if not row_id_in_range(claim_id):
        raise NotFound("No such claim.")
    evidence = _validate(data, submit)
    claim = workflow.lock_claim(session, claim_id)
    if claim.status not in REVIEWABLE:
        raise ValidationFailed("This claim has been decided; an editor must reopen it first.")
    review = own_review(session, actor, claim_id)
    if (review.version if review else None) != expected_version:
        raise Conflict(STALE)
    before = review.audit_snapshot() if review else None
    if review is None:
        review = Review(claim_id=claim.id, reviewer_id=actor.id)
        session.add(review)
    review.truth_rating = data.truth
    review.attribution_rating = data.attribution
    review.rationale = data.rationale.strip()
    review.evidence[:] = [Evidence(position=index, url=item.url.strip()[:2048],
                                   title=item.title.strip()[:500], stance=item.stance,
                                   note=item.note.strip())
                          for index, item in enumerate(evidence)]
    if submit and review.submitted_at is None:
        review.submitted_at = utcnow()
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:
        # The same person saved a first review in another tab a moment ago.
        raise Conflict(STALE) from error
    action = AuditAction.REVIEW_SUBMITTED if submit else AuditAction.REVIEW_SAVED
    audit.record(session, actor, action, "review", review.id, before=before,
                 after=review.audit_snapshot())
    if claim.status is ClaimStatus.NEW:
        workflow.move(session, actor, claim, ClaimStatus.IN_REVIEW)
    if review.submitted_at is not None:
        _settle(session, actor, claim, required)
    return review


def submitted_reviews(session: DbSession, claim_id: int) -> list[Review]:
    return list(session.scalars(
        sa.select(Review).where(Review.claim_id == claim_id, Review.submitted_at.is_not(None))
        .order_by(Review.id)
    ))


def _settle(session: DbSession, actor: User, claim: Claim, required: int) -> None:
    reviews = submitted_reviews(session, claim.id)
    ratings = [SubmittedRating(r.truth_rating, r.attribution_rating) for r in reviews
               if r.truth_rating is not None and r.attribution_rating is not None]
    target = outcome(ratings, required)
    if target is claim.status:
        return
    workflow.move(session, actor, claim, target, submitted_reviews=len(ratings))
    if target is ClaimStatus.DISPUTED:
        notifications.notify(session, [r.reviewer_id for r in reviews],
                             NotificationKind.DISPUTED, claim,
                             f"Reviewers disagree on a claim you reviewed: {claim.text[:200]}",
                             skip=actor.id)
    _tell_editors(session, actor, claim, target, [r.reviewer_id for r in reviews])


def _tell_editors(session: DbSession, actor: User, claim: Claim, target: ClaimStatus,
                  reviewers: list[int]) -> None:
    """A claim that now waits for an editor's decision says so to editors
    (a reviewer of a disputed claim has been told already)."""
    if target is ClaimStatus.REVIEWED:
        notifications.notify_editors(session, NotificationKind.READY, claim,
                                     f"Ready to approve: {claim.text[:200]}", skip=actor.id)
    elif target is ClaimStatus.DISPUTED:
        notifications.notify_editors(session, NotificationKind.DISPUTED, claim,
                                     f"Reviewers disagree: {claim.text[:200]}", skip=actor.id,
                                     told=reviewers)


@dataclass(frozen=True)
class ReviewVisibility:
    reviews: list[Review]  # what this person may see
    hidden: int  # others' reviews kept from them until the required number is in


def visible_reviews(session: DbSession, actor: Actor, claim: Claim,
                    required: int) -> ReviewVisibility:
    """Blind review: until a claim has its required reviews, a reviewer
    sees only their own. Editors see everything."""
    all_reviews = list(session.scalars(
        sa.select(Review).where(Review.claim_id == claim.id).order_by(Review.id)))
    if actor.can(Permission.DECIDE_VERDICTS):
        return ReviewVisibility([r for r in all_reviews if r.is_submitted
                                 or r.reviewer_id == actor.id], 0)
    submitted = [r for r in all_reviews if r.is_submitted]
    if len(submitted) >= required:
        own = [r for r in all_reviews if r.reviewer_id == actor.id and not r.is_submitted]
        return ReviewVisibility(submitted + own, 0)
    own = [r for r in all_reviews if r.reviewer_id == getattr(actor, "id", None)]
    hidden = len([r for r in submitted if r.reviewer_id != getattr(actor, "id", None)])
    return ReviewVisibility(own, hidden)
