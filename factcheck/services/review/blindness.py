"""Blind review for every read path: the one rule of
``factcheck.domain.blindness`` applied to one claim, and the same rule as
SQL conditions on ``claims`` for lists, counts, exports and reports.

Anything that shows reviewers' ratings, rationale or evidence, or filters
or counts by them, asks here first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from factcheck.domain.blindness import (
    DRAFT_PENDING,
    UNBLINDED,
    OwnReview,
    may_see_reviews,
)
from factcheck.domain.roles import Permission
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.services.core.actors import Actor
from factcheck.services.core.session import DbSession


def can_review(viewer: Actor | None) -> bool:
    # The system actor (CLI, demo) is not a reviewer with a stake in a claim.
    return viewer is not None and getattr(viewer, "id", None) is not None \
        and viewer.can(Permission.REVIEW_CLAIMS)


def own_review_state(session: DbSession, viewer: Actor | None, claim_id: int) -> OwnReview:
    viewer_id = getattr(viewer, "id", None)
    if viewer_id is None:
        return OwnReview.NONE
    submitted_at = session.execute(
        sa.select(Review.submitted_at).where(Review.claim_id == claim_id,
                                             Review.reviewer_id == viewer_id)).first()
    if submitted_at is None:
        return OwnReview.NONE
    return OwnReview.DRAFT if submitted_at[0] is None else OwnReview.SUBMITTED


def may_see(session: DbSession, viewer: Actor | None, claim: Claim) -> bool:
    """May ``viewer`` see the other reviews of ``claim``?"""
    return may_see_reviews(can_review=can_review(viewer), status=claim.status,
                           own=own_review_state(session, viewer, claim.id))


def may_see_given(viewer: Actor | None, claim: Claim, own: Sequence[Review]) -> bool:
    """``may_see`` when the viewer's own review of ``claim`` (at most one)
    is already loaded: ``own``, empty when they have none."""
    state = (OwnReview.NONE if not own or getattr(viewer, "id", None) is None
             else OwnReview.DRAFT if own[0].submitted_at is None else OwnReview.SUBMITTED)
    return may_see_reviews(can_review=can_review(viewer), status=claim.status, own=state)


def _pending_draft(*by: Any) -> Any:
    return sa.and_(Claim.status.in_(DRAFT_PENDING), sa.exists().where(
        Review.claim_id == Claim.id, Review.submitted_at.is_(None), *by))


def visible_to(viewer: Actor | None) -> Any:
    """Claims whose reviews ``viewer`` may see, as a condition on claims
    (the SQL form of ``may_see_reviews``)."""
    if not can_review(viewer):
        return sa.true()
    viewer_id = getattr(viewer, "id", None)
    return sa.and_(Claim.status.in_(UNBLINDED),
                   sa.not_(_pending_draft(Review.reviewer_id == viewer_id)))


def visible_to_everyone() -> Any:
    """Claims whose reviews any reviewer may see: for figures shared by
    everyone who opens a page (cached dashboards, source statistics), which
    must not depend on who asked."""
    return sa.and_(Claim.status.in_(UNBLINDED), sa.not_(_pending_draft()))
