"""What the claim's review page shows: the claim in its article, its
neighbours, the reviews this person may see (blind until enough are in),
their own review, the latest verdict, and for those who assign, whom to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import sqlalchemy as sa

from factcheck.domain.bounds import id_in_range
from factcheck.domain.roles import Permission, Role
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.claims.editing import get_claim
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.core.session import DbSession, column_rows
from factcheck.services.intake.reading import ClaimLine, ReadingView, reading_view
from factcheck.services.review import reviews, snapshots


@dataclass(frozen=True)
class ReviewPage:
    claim: Claim
    view: ReadingView  # the article, with only what the highlights need
    previous: ClaimLine | None
    next: ClaimLine | None
    visibility: reviews.ReviewVisibility
    own: Review | None
    latest: Verdict | None
    assignable: Sequence[Assignable]  # empty for those who may not assign
    # Whom an approval may name as the claimant; None for those who may not
    # decide (the decision form is not shown them: no query for it).
    claimants: snapshots.ClaimantOptions | None
    self_reviewed: bool  # the reader reviewed it (may not decide it by default)


def review_page(session: DbSession, actor: Actor, claim_id: int, *,
                required: int) -> ReviewPage:
    claim = get_claim(session, actor, claim_id, with_reviews=False)
    view = reading_view(session, actor, claim.article_id, details=False)
    position = next((i for i, c in enumerate(view.claims) if c.id == claim.id), None)
    previous = view.claims[position - 1] if position else None
    following = (view.claims[position + 1]
                 if position is not None and position + 1 < len(view.claims) else None)
    visibility = reviews.visible_reviews(session, actor, claim, required)
    # One's own review, draft or submitted, is always among those one sees
    # (one a claim per person): no query of its own, nor for "reviewed it".
    own = (next((r for r in visibility.reviews if r.reviewer_id == actor.id), None)
           if isinstance(actor, User) else None)
    return ReviewPage(
        claim=claim, view=view, previous=previous, next=following,
        visibility=visibility, own=own,
        latest=claim.verdicts[-1] if claim.verdicts else None,  # loaded by id with the claim
        assignable=(assignable_people(session, actor)
                    if actor.can(Permission.ASSIGN_CLAIMS) else []),
        claimants=(snapshots.options_for(claim, visibility.agreed_attribution)
                   if actor.can(Permission.DECIDE_VERDICTS) else None),
        self_reviewed=own is not None)


class Assignable(NamedTuple):
    """Someone a claim can be assigned to, as the assignment form lists them."""

    id: int
    display_name: str


@cache
def _assignable() -> sa.Select[int, str]:
    """Built once, as every editor's review page runs it."""
    return (sa.select(User.id, User.display_name)
            .where(User.active.is_(True), User.role.in_([Role.CHECKER, Role.EDITOR]))
            .order_by(User.display_name))


def assignable_people(session: DbSession, actor: Actor) -> list[Assignable]:
    """Everyone active who reviews, by name: ids and names, not the people
    as objects (a desk's reviewers loaded whole were a tenth of the
    editor's review page)."""
    require(actor, Permission.ASSIGN_CLAIMS)
    return list(map(Assignable._make, column_rows(session, _assignable(), {})))


def person_to_assign(session: DbSession, actor: Actor, user_id: str) -> User | None:
    """The person an assignment form names; "" is nobody."""
    require(actor, Permission.ASSIGN_CLAIMS)
    if not user_id:
        return None
    person = (session.get(User, int(user_id))
              if user_id.isdigit() and id_in_range(int(user_id)) else None)
    if person is None:
        raise ValidationFailed("No such person.")
    return person
