"""The claim life cycle, defined once: which status may follow which, and
what a set of submitted reviews adds up to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating

S = ClaimStatus

TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    S.NEW: frozenset({S.IN_REVIEW, S.NOT_A_CLAIM}),
    S.IN_REVIEW: frozenset({S.REVIEWED, S.DISPUTED, S.NOT_A_CLAIM}),
    # An editor may decide once the reviews are in, agreed or not.
    S.REVIEWED: frozenset({S.APPROVED, S.DISPUTED, S.IN_REVIEW}),
    S.DISPUTED: frozenset({S.APPROVED, S.REVIEWED, S.IN_REVIEW}),
    # Approved but not yet public: publish, or reopen with a reason.
    S.APPROVED: frozenset({S.PUBLISHED, S.APPROVED, S.REVIEWED, S.DISPUTED, S.IN_REVIEW}),
    # Reopening a published verdict is a correction; a re-decision after
    # reopening goes through APPROVED again.
    S.PUBLISHED: frozenset({S.REVIEWED, S.DISPUTED, S.IN_REVIEW}),
    # Back to a claim: to New, or to In review when someone had started on it.
    S.NOT_A_CLAIM: frozenset({S.NEW, S.IN_REVIEW}),
}

REOPENABLE = frozenset({S.APPROVED, S.PUBLISHED})
DECIDABLE = frozenset({S.REVIEWED, S.DISPUTED, S.APPROVED})
REVIEWABLE = frozenset({S.NEW, S.IN_REVIEW, S.REVIEWED, S.DISPUTED})
# An approved or published verdict judged this claim as it stands: its text,
# boundaries, kind, chains and not-a-claim state stay put until an editor
# reopens it.
FROZEN = frozenset({S.APPROVED, S.PUBLISHED})
FROZEN_MESSAGE = ("This claim has an approved or published verdict, so it cannot be edited: "
                  "an editor must reopen it first (Reopen, on the claim's review page).")


class TransitionError(ValueError):
    pass


def check_transition(current: ClaimStatus, target: ClaimStatus) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TransitionError(
            f"A claim that is {current.label.lower()} cannot become {target.label.lower()}."
        )


@dataclass(frozen=True)
class SubmittedRating:
    truth: TruthRating
    attribution: AttributionRating


def outcome(ratings: Sequence[SubmittedRating], required: int) -> ClaimStatus:
    """IN_REVIEW until enough reviews are in; then REVIEWED if reviewers
    agree on both the truth and the attribution rating, else DISPUTED."""
    if len(ratings) < max(1, required):
        return S.IN_REVIEW
    truths = {rating.truth for rating in ratings}
    attributions = {rating.attribution for rating in ratings}
    if len(truths) == 1 and len(attributions) == 1:
        return S.REVIEWED
    return S.DISPUTED


def agreed_rating(ratings: Sequence[SubmittedRating]) -> TruthRating | None:
    truths = {rating.truth for rating in ratings}
    return next(iter(truths)) if len(truths) == 1 else None
