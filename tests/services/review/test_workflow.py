"""Reviews, blind review, decisions, publication, corrections, queues and
notifications, through the services."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.models.audit import AuditEvent
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.models.notification import Notification
from factcheck.models.verdict import Verdict
from factcheck.services.audit import trail as audit
from factcheck.services.core.errors import Conflict, PermissionDenied, ValidationFailed
from factcheck.services.review import queues, reviews, verdicts, workflow
from factcheck.services.review.reviews import EvidenceInput, ReviewInput
from tests.support.workflow import acting, claim_with, reviewing_people, story_claims


@pytest.fixture
def people(make_user):
    return reviewing_people(make_user)


def _submit(session, user, claim_id, truth=T.TRUE, attribution=A.ACCURATE, rationale="Checked.",
            version=None, submit=True):
    review = reviews.save_review(session, acting(session, user), claim_id,
                                 ReviewInput(truth, attribution, rationale), submit=submit,
                                 expected_version=version, required=2)
    session.commit()
    return review


def _events(session, action):
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_two_agreeing_reviews_make_a_claim_reviewed(session, people):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id)
    session.refresh(claim)
    assert claim.status is ClaimStatus.IN_REVIEW
    _submit(session, people["two"], claim.id)
    session.refresh(claim)
    assert claim.status is ClaimStatus.REVIEWED
    assert len(_events(session, "review_submitted")) == 2
    assert audit.verify(session).ok


def test_disagreement_disputes_and_notifies_the_other_reviewer(session, people):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id, truth=T.TRUE)
    _submit(session, people["two"], claim.id, truth=T.FALSE)
    session.refresh(claim)
    assert claim.status is ClaimStatus.DISPUTED
    notes = session.scalars(sa.select(Notification).order_by(Notification.id)).all()
    # The other reviewer, and the editor who must now decide.
    assert [(n.user_id, n.kind.value) for n in notes] == [(people["one"].id, "disputed"),
                                                          (people["editor"].id, "disputed")]


def test_agreeing_reviews_tell_editors_once_even_one_who_reviewed(session, people):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["editor"], claim.id)
    _submit(session, people["two"], claim.id)
    notes = session.scalars(sa.select(Notification)).all()
    assert [(n.user_id, n.kind.value) for n in notes] == [(people["editor"].id, "ready")]
    assert notes[0].message.startswith("Ready to approve: ")


def test_submission_needs_ratings_and_rationale_except_not_checkable(session, people):
    claim = story_claims(session, people["editor"])[1]
    with pytest.raises(ValidationFailed, match="truth rating"):
        _submit(session, people["one"], claim.id, truth=None)
    session.rollback()
    with pytest.raises(ValidationFailed, match="rationale"):
        _submit(session, people["one"], claim.id, rationale="  ")
    session.rollback()
    _submit(session, people["one"], claim.id, truth=T.NOT_CHECKABLE, rationale="")
    assert reviews.own_review(session, acting(session, people["one"]), claim.id).is_submitted


def test_draft_then_submit_keeps_one_review_per_person(session, people):
    claim = story_claims(session, people["editor"])[1]
    draft = _submit(session, people["one"], claim.id, submit=False, truth=None)
    assert not draft.is_submitted
    review = _submit(session, people["one"], claim.id, version=draft.version)
    assert review.id == draft.id and review.is_submitted
    with pytest.raises(Conflict):
        # A second "first" review from another tab.
        _submit(session, people["one"], claim.id, version=None)


def test_stale_review_version_is_a_conflict_and_changes_nothing(session, people):
    claim = story_claims(session, people["editor"])[1]
    first = _submit(session, people["one"], claim.id, submit=False, rationale="first")
    opened_at = first.version
    _submit(session, people["one"], claim.id, submit=False, rationale="second", version=opened_at)
    before = session.scalar(sa.select(sa.func.count(AuditEvent.seq)))
    with pytest.raises(Conflict):
        _submit(session, people["one"], claim.id, submit=False, rationale="third",
                version=opened_at)
    session.rollback()
    assert reviews.own_review(session, acting(session, people["one"]), claim.id).rationale \
        == "second"
    assert session.scalar(sa.select(sa.func.count(AuditEvent.seq))) == before


def test_blind_review_hides_others_until_required_reviews_are_in(session, people):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id, rationale="secret reasoning")
    two = acting(session, people["two"])
    seen = reviews.visible_reviews(session, two, claim, 2)
    assert seen.reviews == [] and seen.hidden == 1
    # Editors can review too, so they are as blind as anyone.
    editor_view = reviews.visible_reviews(session, acting(session, people["editor"]), claim, 2)
    assert editor_view.reviews == [] and editor_view.hidden == 1
    _submit(session, people["two"], claim.id)
    assert len(reviews.visible_reviews(session, two, claim, 2).reviews) == 2


def test_evidence_items_are_stored_in_order_and_bad_links_refused(session, people):
    claim = story_claims(session, people["editor"])[1]
    one = acting(session, people["one"])
    data = ReviewInput(T.TRUE, A.ACCURATE, "ok", [
        EvidenceInput(url="https://a.example/1", title="First"),
        EvidenceInput(),  # blank rows are dropped
        EvidenceInput(url="https://a.example/2", title="Second")])
    review = reviews.save_review(session, one, claim.id, data, submit=True,
                                 expected_version=None, required=2)
    assert [item.title for item in review.evidence] == ["First", "Second"]
    session.rollback()
    with pytest.raises(ValidationFailed, match="http"):
        reviews.save_review(session, one, claim.id, ReviewInput(
            T.TRUE, A.ACCURATE, "ok", [EvidenceInput(url="javascript:alert(1)")]),
            submit=True, expected_version=None, required=2)


def test_a_first_review_audits_its_evidence_without_reading_it_back(session, people):
    """The audit event records the evidence just written, from memory: a
    new review's evidence and earlier versions are what was given, so the
    submission sends no statement to read them back, with evidence or
    without (most reviews come without: the form's row is left blank)."""
    from tests.support.querycount import count_statements

    claims = story_claims(session, people["editor"])
    one = acting(session, people["one"])
    for claim, evidence in ((claims[1], [EvidenceInput()]),
                            (claims[2], [EvidenceInput(url="https://a.example/1",
                                                       title="First")])):
        with count_statements(session.get_bind()) as log:
            reviews.save_review(session, one, claim.id, ReviewInput(
                T.TRUE, A.ACCURATE, "ok", evidence), submit=True, expected_version=None,
                required=2)
        session.commit()
        assert not [s for s in log.statements
                    if "FROM evidence" in s or "FROM review_revisions" in s], log.statements
    audited = [json.loads(event.after or "{}")["evidence"]
               for event in _events(session, "review_submitted")]
    assert [[item["title"] for item in evidence] for evidence in audited] == [[], ["First"]]


def _reviewed(session, people, truth=T.TRUE):
    claim = story_claims(session, people["editor"])[1]
    _submit(session, people["one"], claim.id, truth=truth)
    _submit(session, people["two"], claim.id, truth=truth)
    session.refresh(claim)
    return claim


def test_decide_publish_and_correct(session, people):
    claim = _reviewed(session, people)
    editor = acting(session, people["editor"])
    verdicts.decide(session, editor, claim.id, rating=T.TRUE, public_rationale="Confirmed.",
                    expected_version=claim.version)
    session.commit()
    assert claim.status is ClaimStatus.APPROVED
    verdicts.publish(session, editor, claim.id, correction_note="", expected_version=claim.version)
    session.commit()
    assert claim.status is ClaimStatus.PUBLISHED
    published = {n.user_id for n in session.scalars(
        sa.select(Notification).where(Notification.kind == "published"))}
    assert published == {people["one"].id, people["two"].id}

    with pytest.raises(ValidationFailed, match="public note"):
        verdicts.reopen(session, editor, claim.id, reason="New filing.",
                        expected_version=claim.version, required=2)
    verdicts.reopen(session, editor, claim.id, reason="New filing.", expected_version=claim.version,
                    required=2, public_note="Under review again after a new filing.")
    verdicts.decide(session, editor, claim.id, rating=T.MOSTLY_TRUE,
                    public_rationale="Mostly: a filing revised the figure.",
                    expected_version=claim.version)
    with pytest.raises(ValidationFailed, match="correction"):
        verdicts.publish(session, editor, claim.id, correction_note="",
                         expected_version=claim.version)
    verdicts.publish(session, editor, claim.id, correction_note="Figure revised in filing.",
                     expected_version=claim.version)
    session.commit()
    kept = session.scalars(sa.select(Verdict).where(Verdict.claim_id == claim.id)
                           .order_by(Verdict.id)).all()
    assert [v.rating for v in kept] == [T.TRUE, T.MOSTLY_TRUE]  # nothing overwritten
    assert kept[1].supersedes_id == kept[0].id
    corrections = session.scalars(sa.select(Correction).order_by(Correction.id)).all()
    assert [c.kind for c in corrections] == [CorrectionKind.REOPENED,
                                             CorrectionKind.VERDICT_CHANGED]
    assert audit.verify(session).ok


def test_checkers_cannot_decide_and_decisions_need_reviews(session, people):
    claim = story_claims(session, people["editor"])[1]
    with pytest.raises(PermissionDenied):
        verdicts.decide(session, acting(session, people["one"]), claim.id, rating=T.TRUE,
                        public_rationale="x", expected_version=claim.version)
    with pytest.raises(ValidationFailed, match="reviews are in"):
        verdicts.decide(session, acting(session, people["editor"]), claim.id, rating=T.TRUE,
                        public_rationale="x", expected_version=claim.version)


def test_stale_claim_version_blocks_a_decision(session, people):
    claim = _reviewed(session, people)
    editor = acting(session, people["editor"])
    stale = claim.version
    verdicts.decide(session, editor, claim.id, rating=T.TRUE, public_rationale="First.",
                    expected_version=stale)
    session.commit()
    with pytest.raises(Conflict):
        verdicts.decide(session, editor, claim.id, rating=T.FALSE, public_rationale="Second.",
                        expected_version=stale)


def test_queues(session, people):
    claims = story_claims(session, people["editor"])
    one, two, three = (acting(session, people[k]) for k in ("one", "two", "three"))
    editor = acting(session, people["editor"])
    target = claim_with(claims, "140 crew")
    assert target in queues.claims_in(session, one, queues.Queue.UNASSIGNED, required=2)
    workflow.take(session, one, target.id, target.version)
    session.commit()
    assert target in queues.claims_in(session, one, queues.Queue.MINE, required=2)
    assert target not in queues.claims_in(session, two, queues.Queue.UNASSIGNED, required=2)
    _submit(session, people["one"], target.id)
    assert target in queues.claims_in(session, two, queues.Queue.SECOND_REVIEW, required=2)
    assert target not in queues.claims_in(session, one, queues.Queue.SECOND_REVIEW, required=2)
    _submit(session, people["two"], target.id, truth=T.FALSE)
    assert target in queues.claims_in(session, editor, queues.Queue.DISPUTED, required=2)
    with pytest.raises(PermissionDenied):
        queues.claims_in(session, three, queues.Queue.DISPUTED, required=2)
    assert queues.counts(session, editor, required=2)[queues.Queue.DISPUTED] == 1


def test_assignment_notifies_and_taking_a_taken_claim_conflicts(session, people):
    claim = story_claims(session, people["editor"])[2]
    editor, one, two = (acting(session, people[k]) for k in ("editor", "one", "two"))
    workflow.assign(session, editor, claim.id, one, claim.version)
    session.commit()
    assert claim.status is ClaimStatus.IN_REVIEW
    assert [n.kind.value for n in session.scalars(sa.select(Notification))] == ["assigned"]
    with pytest.raises(Conflict):
        workflow.take(session, two, claim.id, claim.version)


def test_my_queue_holds_claims_assigned_to_me_and_my_drafts_only(session, people):
    claims = story_claims(session, people["editor"])
    one, two = (acting(session, people[k]) for k in ("one", "two"))
    assigned, drafted, other = claims[0], claims[1], claims[2]
    workflow.take(session, one, assigned.id, assigned.version)
    session.commit()
    _submit(session, people["one"], drafted.id, submit=False)
    _submit(session, people["two"], other.id, submit=False)
    mine = queues.claims_in(session, one, queues.Queue.MINE, required=2)
    assert {claim.id for claim in mine} == {assigned.id, drafted.id}
    assert queues.counts(session, one, required=2)[queues.Queue.MINE] == 2
    assert [c.id for c in queues.claims_in(session, two, queues.Queue.MINE, required=2)] == [
        other.id]


def test_queue_tabs_stop_counting_past_the_cap(session, people, monkeypatch):
    story_claims(session, people["editor"])
    one = acting(session, people["one"])
    unassigned = len(queues.claims_in(session, one, queues.Queue.UNASSIGNED, required=2))
    assert unassigned >= 3
    monkeypatch.setattr(queues, "COUNT_CAP", 2)
    assert queues.counts(session, one, required=2)[queues.Queue.UNASSIGNED] == 3  # "2+"
    monkeypatch.setattr(queues, "COUNT_CAP", unassigned)
    assert queues.counts(session, one, required=2)[queues.Queue.UNASSIGNED] == unassigned
