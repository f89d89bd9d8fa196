"""The review page's content: the claim between its neighbours, reviews kept
blind until enough are in, one's own review, and whom an editor may assign."""

from __future__ import annotations

import pytest

from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.roles import Role
from factcheck.services.claims.editing import get_claim
from factcheck.services.core.errors import NotFound, PermissionDenied, ValidationFailed
from factcheck.services.review.claim_page import (
    assignable_people,
    person_to_assign,
    review_page,
)
from tests.support.desk import Desk


def test_the_page_shows_the_claim_between_its_neighbours(session):
    desk = Desk(session)
    _, (first, middle, last) = desk.article()
    page = review_page(session, desk.editor, middle.id, required=2)
    assert page.claim.id == middle.id
    assert (page.previous.id, page.next.id) == (first.id, last.id)
    edge = review_page(session, desk.editor, first.id, required=2)
    assert edge.previous is None and edge.next.id == middle.id


def test_a_checker_sees_only_their_own_review_until_enough_are_in(session):
    desk = Desk(session)
    _, (claim, *_rest) = desk.article()
    ana, ben = desk.person("Ana"), desk.person("Ben")
    desk.review(claim, ben, T.FALSE)
    own = desk.review(claim, ana, None, submitted=False)
    page = review_page(session, ana, claim.id, required=2)
    assert page.own.id == own.id
    assert [review.id for review in page.visibility.reviews] == [own.id]
    assert page.visibility.hidden == 1
    assert page.assignable == []  # checkers do not assign


def test_editors_are_offered_active_reviewers_to_assign(session):
    desk = Desk(session)
    _, (claim, *_rest) = desk.article()
    ana = desk.person("Ana")
    gone = desk.person("Gone")
    gone.active = False
    desk.person("Admin", Role.ADMIN)
    page = review_page(session, desk.editor, claim.id, required=2)
    assert [person.display_name for person in page.assignable] == ["Ana", "Desk Editor"]
    assert person_to_assign(session, desk.editor, str(ana.id)).id == ana.id
    assert person_to_assign(session, desk.editor, "") is None
    with pytest.raises(ValidationFailed, match="No such person"):
        person_to_assign(session, desk.editor, "999999")
    with pytest.raises(PermissionDenied):
        assignable_people(session, ana)


def test_reading_a_claim_takes_the_actor_and_says_when_it_is_missing(session):
    desk = Desk(session)
    _, (claim, *_rest) = desk.article()
    assert get_claim(session, desk.editor, claim.id).id == claim.id
    with pytest.raises(PermissionDenied):
        get_claim(session, None, claim.id)
    with pytest.raises(NotFound):
        review_page(session, desk.editor, 10**9, required=2)
