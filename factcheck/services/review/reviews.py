"""Reviewing a claim: drafts, submission, blind review, and what the
submitted reviews add up to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.blindness import OwnReview, may_start_review, revision_of_original
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.workflow import REVIEWABLE, SubmittedRating, outcome
from factcheck.models.claim import Claim
from factcheck.models.notification import NotificationKind
from factcheck.models.review import Evidence, Review, ReviewRevision
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import Conflict, NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import plain_field, row_id_in_range
from factcheck.services.review import blindness, notifications, workflow
from factcheck.services.sources.registry import confirm_sources_of_chains

CLOSED = ("The blind reviews of this claim are in and have been compared, so it takes no "
          "new reviewers; an editor decides it now.")
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
    claim = workflow.lock_claim(session, claim_id)
    if claim.status not in REVIEWABLE:
        raise ValidationFailed("This claim has been decided; an editor must reopen it first.")
    review = own_review(session, actor, claim_id)
    if (review.version if review else None) != expected_version:
        raise Conflict(STALE)
    state = (OwnReview.NONE if review is None
             else OwnReview.SUBMITTED if review.is_submitted else OwnReview.DRAFT)
    if review is not None and revision_of_original(claim.status, state):
        return _revise(session, actor, claim, review, data)
    evidence = _validate(data, submit)
    if review is None and not may_start_review(claim.status):
        raise ValidationFailed(CLOSED)
    before = review.audit_snapshot() if review else None
    if review is None:
        # Its collections given, not just filled below: a new object's
        # collection filled by slice counts as never loaded, and the audit
        # snapshot after the flush then queried the database for it.
        review = Review(claim_id=claim.id, reviewer_id=actor.id, evidence=[], revisions=[])
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
        confirm_sources_of_chains(session, actor, claim.id)
        _settle(session, actor, claim, required)
    return review


def _revise(session: DbSession, actor: User, claim: Claim, review: Review,
            data: ReviewInput) -> Review:
    """A change after seeing the other reviews: kept beside the blind
    original, which stays what agreement and outcomes are computed from.
    It can turn agreement into a dispute for the editor to settle, never
    settle a dispute."""
    _validate(data, submit=True)
    assert data.truth is not None and data.attribution is not None  # checked above
    revision = ReviewRevision(truth_rating=data.truth, attribution_rating=data.attribution,
                              rationale=data.rationale.strip())
    review.revisions.append(revision)
    review.updated_at = utcnow()  # bumps the version: an older tab gets a conflict
    session.flush()
    audit.record(session, actor, AuditAction.REVIEW_REVISED, "review", review.id,
                 after=revision.audit_snapshot())
    if claim.status is ClaimStatus.REVIEWED:
        latest = [rating for r in submitted_reviews(session, claim.id)
                  if (rating := _latest_rating(r)) is not None]
        if outcome(latest, 1) is ClaimStatus.DISPUTED:
            workflow.move(session, actor, claim, ClaimStatus.DISPUTED,
                          revised_review_id=review.id)
            _notify_disputed(session, actor, claim, [r.reviewer_id for r in
                                                     submitted_reviews(session, claim.id)])
    return review


def _latest_rating(review: Review) -> SubmittedRating | None:
    latest = review.latest_revision
    if latest is not None:
        return SubmittedRating(latest.truth_rating, latest.attribution_rating)
    if review.truth_rating is None or review.attribution_rating is None:
        return None
    return SubmittedRating(review.truth_rating, review.attribution_rating)


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
        _notify_disputed(session, actor, claim, [r.reviewer_id for r in reviews])
    elif target is ClaimStatus.REVIEWED:
        notifications.notify_editors(session, NotificationKind.READY, claim,
                                     f"Ready to approve: {claim.text[:200]}", skip=actor.id)


def _notify_disputed(session: DbSession, actor: User, claim: Claim,
                     reviewer_ids: list[int]) -> None:
    """Reviewers hear that they disagree; editors, who decide it, hear it too
    (a reviewer who is also an editor is told once)."""
    notifications.notify(session, reviewer_ids, NotificationKind.DISPUTED, claim,
                         f"Reviewers disagree on a claim you reviewed: {claim.text[:200]}",
                         skip=actor.id)
    notifications.notify_editors(session, NotificationKind.DISPUTED, claim,
                                 f"Reviewers disagree: {claim.text[:200]}", skip=actor.id,
                                 told=reviewer_ids)


def agreed_of(reviews: Iterable[Review]) -> AttributionRating | None:
    """The attribution rating submitted ``reviews`` agree on, if they do."""
    found = {review.attribution_rating for review in reviews}
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class ReviewVisibility:
    reviews: list[Review]  # what this person may see
    hidden: int  # others' reviews kept from them until the required number is in
    # What the submitted reviews, hidden ones included, agree on: the
    # decision form's default claimant rests on it, as at approval. Only
    # the agreement leaves here, never a hidden review.
    agreed_attribution: AttributionRating | None = None


@cache
def _reviews_with_cards() -> sa.Select[Review]:
    """A claim's reviews with what their cards show. Built once: every
    review page runs it."""
    return (sa.select(Review).where(Review.claim_id == sa.bindparam("claim_id"))
            .order_by(Review.id)
            .options(joinedload(Review.evidence), joinedload(Review.revisions)))


def visible_reviews(session: DbSession, actor: Actor, claim: Claim,
                    required: int) -> ReviewVisibility:
    """Blind review (``factcheck.domain.blindness``): a reviewer sees only
    their own review until the claim's blind reviews are in, and editors
    are no exception."""
    # The cards show each review's evidence and earlier versions: joined
    # to the reviews here (a claim has a few reviews, each a few links and
    # versions), not two statements per review as the page draws it.
    all_reviews = list(session.scalars(_reviews_with_cards(), {"claim_id": claim.id}).unique())
    viewer_id = getattr(actor, "id", None)
    own = [r for r in all_reviews if r.reviewer_id == viewer_id]
    others = [r for r in all_reviews if r.reviewer_id != viewer_id and r.is_submitted]
    agreed = agreed_of(r for r in all_reviews if r.is_submitted)
    # Every review of the claim is loaded: the viewer's own is among them.
    if blindness.may_see_given(actor, claim, own):
        return ReviewVisibility(sorted(own + others, key=lambda r: r.id), 0, agreed)
    return ReviewVisibility(own, len(others), agreed)
