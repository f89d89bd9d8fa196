"""Blind review that holds: the one rule, applied by every read path, and
revisions that never undo it."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from factcheck.domain.blindness import OwnReview, may_see_reviews
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.roles import Role
from factcheck.models.claim import Claim
from factcheck.models.notification import Notification, NotificationKind
from factcheck.models.review import Review
from factcheck.services.claims.listing import ClaimFilters, list_claims
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.dashboard.figures import build_dashboard
from factcheck.services.review import blindness, reviews, verdicts
from factcheck.services.review.reviews import ReviewInput
from tests.support.desk import Desk
from tests.support.factories import SYSTEM
from tests.support.workflow import acting, reviewing_people, story_claims


@pytest.fixture
def people(make_user):
    found = reviewing_people(make_user)
    found["chief"] = make_user(email="chief@example.org", role="editor", name="The Chief")
    return found


def _submit(session, user, claim_id, truth=T.TRUE, attribution=A.ACCURATE,
            rationale="Checked.", submit=True):
    mine = reviews.own_review(session, acting(session, user), claim_id)
    review = reviews.save_review(session, acting(session, user), claim_id,
                                 ReviewInput(truth, attribution, rationale), submit=submit,
                                 expected_version=mine.version if mine else None, required=2)
    session.commit()
    return review


def test_revising_after_seeing_the_others_keeps_the_dispute_and_the_blind_original(
        session, people):
    """Finding: blind review can be undone (resubmit after seeing the other
    rating, the claim silently becomes Reviewed and kappa goes up)."""
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id, truth=T.TRUE, rationale="Looks right.")
    _submit(session, people["two"], claim.id, truth=T.FALSE, rationale="Records say no.")
    session.refresh(claim)
    assert claim.status is ClaimStatus.DISPUTED
    seen = reviews.visible_reviews(session, acting(session, people["one"]), claim, 2)
    assert len(seen.reviews) == 2  # unblinded: One now sees Two's rating
    _submit(session, people["one"], claim.id, truth=T.FALSE, rationale="Two is right.")
    session.refresh(claim)
    assert claim.status is ClaimStatus.DISPUTED  # only an editor settles it
    original = reviews.own_review(session, acting(session, people["one"]), claim.id)
    assert (original.truth_rating, original.rationale) == (T.TRUE, "Looks right.")
    assert [(r.truth_rating, r.rationale) for r in original.revisions] == [
        (T.FALSE, "Two is right.")]
    board = build_dashboard(session, SYSTEM, ClaimFilters())
    assert board.reviewers.disagreed == 1  # kappa reads the blind originals


def test_a_revision_can_raise_a_dispute_but_never_settle_one(session, people):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id)
    _submit(session, people["two"], claim.id)
    session.refresh(claim)
    assert claim.status is ClaimStatus.REVIEWED
    _submit(session, people["two"], claim.id, truth=T.HALF_TRUE, rationale="On reflection.")
    session.refresh(claim)
    assert claim.status is ClaimStatus.DISPUTED
    notified = session.scalars(sa.select(Notification.user_id).where(
        Notification.kind == NotificationKind.DISPUTED)).all()
    # The other reviewer hears of it, and so do the editors who settle it;
    # the reviser does not.
    assert people["one"].id in notified and people["editor"].id in notified
    assert people["two"].id not in notified


def test_nobody_new_joins_an_unblinded_claim_but_a_pending_draft_stays_blind(session, people):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["three"], claim.id, rationale="half done", submit=False)
    _submit(session, people["one"], claim.id, rationale="One's reasons")
    _submit(session, people["two"], claim.id, rationale="Two's reasons")
    session.refresh(claim)
    assert claim.status is ClaimStatus.REVIEWED
    three = acting(session, people["three"])
    seen = reviews.visible_reviews(session, three, claim, 2)
    assert [r.reviewer_id for r in seen.reviews] == [three.id] and seen.hidden == 2
    with pytest.raises(ValidationFailed, match="no new reviewers"):
        _submit(session, people["chief"], claim.id)
    session.rollback()
    _submit(session, people["three"], claim.id, truth=T.FALSE, rationale="Blind and late.")
    assert len(reviews.visible_reviews(session, three, claim, 2).reviews) == 3


def test_an_editor_reviewing_is_blind_and_does_not_decide_their_own_claim(session, people):
    """Finding: editors are not blind; an editor's review counts and the
    same editor then approves it."""
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id, rationale="One's private reasoning")
    editor = acting(session, people["editor"])
    seen = reviews.visible_reviews(session, editor, claim, 2)
    assert seen.reviews == [] and seen.hidden == 1
    _submit(session, people["editor"], claim.id)
    session.refresh(claim)
    assert claim.status is ClaimStatus.REVIEWED
    with pytest.raises(ValidationFailed, match="another editor decides"):
        verdicts.decide(session, editor, claim.id, rating=T.TRUE, public_rationale="Fine.",
                        expected_version=claim.version)
    session.rollback()
    verdicts.decide(session, acting(session, people["chief"]), claim.id, rating=T.TRUE,
                    public_rationale="Fine.", expected_version=claim.version)
    session.commit()
    assert claim.status is ClaimStatus.APPROVED


def test_a_one_person_desk_may_allow_self_decision(session, people):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id)
    _submit(session, people["editor"], claim.id)
    session.refresh(claim)
    verdicts.decide(session, acting(session, people["editor"]), claim.id, rating=T.TRUE,
                    public_rationale="Fine.", expected_version=claim.version,
                    allow_self_decision=True)
    session.commit()
    assert claim.status is ClaimStatus.APPROVED


def test_misattributed_and_disagree_filters_skip_claims_still_blind_to_the_reader(
        session, people):
    """Finding: GET /claims?misattributed=1 lists a claim another checker
    rated misattributed to a checker who has not reviewed it yet."""
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id, attribution=A.MISATTRIBUTED)
    for person in ("two", "editor", "one"):
        reader = acting(session, people[person])
        for filters in (ClaimFilters(misattributed=True), ClaimFilters(disagree=True)):
            assert list_claims(session, reader, filters).total == 0
    _submit(session, people["two"], claim.id, attribution=A.ACCURATE)
    session.refresh(claim)
    assert claim.status is ClaimStatus.DISPUTED
    for person in ("two", "chief"):
        reader = acting(session, people[person])
        assert [c.id for c in list_claims(session, reader,
                                          ClaimFilters(misattributed=True)).items] == [claim.id]
    # A third reviewer with a draft in progress still sees nothing of it.
    session.add(Review(claim_id=claim.id, reviewer_id=people["three"].id))
    session.commit()
    three = acting(session, people["three"])
    assert list_claims(session, three, ClaimFilters(misattributed=True)).total == 0


@pytest.mark.parametrize("role", [Role.CHECKER, Role.ADMIN])
def test_the_sql_rule_and_the_domain_rule_agree_everywhere(session, role):
    """``blindness.visible_to`` is ``may_see_reviews`` in SQL: checked over
    every status and every state of the reader's own review."""
    desk = Desk(session)
    reader = desk.person("Reader", role)
    other = desk.person("Other")
    cases = list(itertools.product(ClaimStatus, OwnReview))
    _, claims = desk.article(claims=len(cases))
    for claim, (status, own) in zip(claims, cases, strict=True):
        desk.set(claim, status=status)
        desk.review(claim, other, T.TRUE)
        if own is not OwnReview.NONE:
            desk.review(claim, reader, T.TRUE, submitted=own is OwnReview.SUBMITTED)
    visible = set(session.scalars(sa.select(Claim.id).where(
        Claim.id.in_([c.id for c in claims]), blindness.visible_to(reader))))
    for claim, (status, own) in zip(claims, cases, strict=True):
        expected = may_see_reviews(can_review=role is not Role.ADMIN, status=status, own=own)
        assert (claim.id in visible) is expected, (status, own)
        assert blindness.may_see(session, reader, claim) is expected, (status, own)
