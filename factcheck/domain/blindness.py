"""Blind review, defined once: who may see the other reviewers' ratings,
rationale and evidence on a claim.

A claim's reviews are *unblinded* once its required number of blind
reviews is in (the workflow then moves it to Reviewed or Disputed, and it
stays past that point through approval and publication). Until then every
reviewer rates alone. After it, the reviews are visible to everyone except
a person whose own review is still a pending draft: they must submit it
blind first. People who cannot review at all (admins) have nothing to be
blind about. New reviews are not taken on an unblinded claim: a newcomer
would have seen the others (see ``may_start_review``).

``factcheck.services.blindness`` turns this rule into the SQL condition
that every list, count, export and report uses; its tests check that the
two agree on every combination.
"""

from __future__ import annotations

import enum

from factcheck.domain.claims import ClaimStatus

S = ClaimStatus

# Statuses a claim reaches only once its required blind reviews are in.
UNBLINDED = frozenset({S.REVIEWED, S.DISPUTED, S.APPROVED, S.PUBLISHED})
# A draft can still be submitted (and so must stay blind) in these.
DRAFT_PENDING = frozenset({S.NEW, S.IN_REVIEW, S.REVIEWED, S.DISPUTED})


class OwnReview(enum.Enum):
    """The viewer's own review of the claim."""

    NONE = "none"
    DRAFT = "draft"
    SUBMITTED = "submitted"


def reviews_unblinded(status: ClaimStatus) -> bool:
    return status in UNBLINDED


def may_see_reviews(*, can_review: bool, status: ClaimStatus, own: OwnReview) -> bool:
    """May this viewer see reviews other than their own on a claim in this
    status? (Everyone always sees their own.)"""
    if not can_review:
        return True
    if status not in UNBLINDED:
        return False
    return not (own is OwnReview.DRAFT and status in DRAFT_PENDING)


def may_start_review(status: ClaimStatus) -> bool:
    """A first review by someone new: only while the claim is still blind."""
    return status in (S.NEW, S.IN_REVIEW)


def revision_of_original(status: ClaimStatus, own: OwnReview) -> bool:
    """Saving a review that was submitted on an unblinded claim revises it:
    the blind original stays as it was, the change is kept beside it."""
    return own is OwnReview.SUBMITTED and status in UNBLINDED
