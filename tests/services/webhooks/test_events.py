"""Events are recorded by the changes that cause them, in the same
transaction: one delivery per enabled endpoint that wants the event, none
when the change rolls back, and nothing internal in the payload."""

from __future__ import annotations

import pytest

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.revisions import RevisionOrigin
from factcheck.domain.webhooks import DeliveryStatus, EventType
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.review import reviews, verdicts
from factcheck.services.review.reviews import ReviewInput
from factcheck.services.revisions import applying, stale
from tests.services.webhooks.helpers import data_of, deliveries, register
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.verdicts import publish
from tests.support.workflow import reviewing_people, story_claims


@pytest.fixture
def people(make_user):
    return reviewing_people(make_user)


def _review(session, user, claim_id, truth):
    reviews.save_review(session, acting(session, user), claim_id,
                        ReviewInput(truth, A.ACCURATE, "Checked."), submit=True,
                        expected_version=None, required=2)
    session.commit()


def _approved(session, people, rating=T.FALSE):
    claim = story_claims(session, people["editor"])[1]
    _review(session, people["one"], claim.id, rating)
    _review(session, people["two"], claim.id, rating)
    session.refresh(claim)
    verdicts.decide(session, acting(session, people["editor"]), claim.id, rating=rating,
                    public_rationale="The timetable says otherwise.",
                    expected_version=claim.version)
    session.commit()
    return claim


def test_publishing_records_one_delivery_per_endpoint_that_wants_it(session, people):
    wanted = register(session, people["editor"], events=(EventType.VERDICT_PUBLISHED,))
    register(session, people["editor"], events=(EventType.CLAIM_DISPUTED,))
    register(session, people["editor"], enabled=False)
    claim = _approved(session, people)
    editor = acting(session, people["editor"])
    verdicts.publish(session, editor, claim.id, correction_note="",
                     expected_version=claim.version)
    session.commit()

    (row,) = deliveries(session)
    assert row.endpoint_id == wanted.id and row.event_type is EventType.VERDICT_PUBLISHED
    assert row.status is DeliveryStatus.PENDING and row.attempts == 0
    data = data_of(row)
    assert data["verdict"]["rating"] == "false"
    assert data["verdict"]["public_rationale"] == "The timetable says otherwise."
    assert data["claim"]["id"] == claim.id and data["claim"]["article"]["id"] == claim.article_id
    assert "Checked." not in row.payload  # reviewers' rationales stay in the house


def test_a_change_that_rolls_back_leaves_no_event(session, people):
    register(session, people["editor"])
    claim = _approved(session, people)
    verdicts.publish(session, acting(session, people["editor"]), claim.id,
                     correction_note="", expected_version=claim.version)
    session.rollback()
    assert deliveries(session) == []


def test_disagreeing_reviews_send_claim_disputed_without_who_said_what(session, people):
    register(session, people["editor"], events=(EventType.CLAIM_DISPUTED,))
    claim = story_claims(session, people["editor"])[1]
    _review(session, people["one"], claim.id, T.TRUE)
    _review(session, people["two"], claim.id, T.FALSE)
    session.refresh(claim)
    assert claim.status is ClaimStatus.DISPUTED
    (row,) = deliveries(session)
    assert row.event_type is EventType.CLAIM_DISPUTED
    assert data_of(row) == {"claim": {
        "id": claim.id, "text": claim.text, "status": "disputed",
        "article": data_of(row)["claim"]["article"]}}
    assert people["one"].email not in row.payload


def test_withdrawing_a_published_verdict_sends_its_public_note_only(session, people):
    register(session, people["editor"], events=(EventType.CORRECTION_PUBLISHED,))
    claim = _approved(session, people)
    editor = acting(session, people["editor"])
    verdicts.publish(session, editor, claim.id, correction_note="",
                     expected_version=claim.version)
    session.commit()
    verdicts.reopen(session, editor, claim.id, reason="Internal: a reader emailed.",
                    expected_version=claim.version, required=2,
                    public_note="Under review again after new figures.")
    session.commit()
    (row,) = deliveries(session)
    correction = data_of(row)["correction"]
    assert correction["kind"] == "reopened" and correction["previous_rating"] == "false"
    assert correction["public_note"] == "Under review again after new figures."
    assert "reader emailed" not in row.payload


def test_a_revision_that_makes_verdicts_stale_sends_article_stale_then_the_confirmation(
        session, checker, editor):
    register(session, editor, events=(EventType.ARTICLE_STALE, EventType.CORRECTION_PUBLISHED))
    actor = acting(session, checker)
    article = save_article(session, actor, PORT_REOPENS).article
    claim = next(c for c in article.claims if "$3 million" in c.text)
    publish(session, claim, editor.id, T.FALSE)
    applying.apply_revision(session, actor, article.id,
                            PORT_REOPENS.replace("$3 million", "$4 million"),
                            RevisionOrigin.PASTE)
    session.commit()
    (row,) = deliveries(session)
    assert row.event_type is EventType.ARTICLE_STALE
    assert data_of(row)["stale_claim_ids"] == [claim.id]
    assert data_of(row)["revision"] == 2

    (queued,) = stale.stale_queue(session, acting(session, editor))
    stale.confirm(session, acting(session, editor), queued.id, note="Figure aside, still false.")
    session.commit()
    confirmation = deliveries(session)[-1]
    assert confirmation.event_type is EventType.CORRECTION_PUBLISHED
    assert data_of(confirmation)["correction"]["kind"] == "article_changed"


def test_a_refused_publication_records_nothing(session, people):
    register(session, people["editor"])
    claim = story_claims(session, people["editor"])[1]
    with pytest.raises(ValidationFailed):
        verdicts.publish(session, acting(session, people["editor"]), claim.id,
                         correction_note="", expected_version=claim.version)
    session.rollback()
    assert deliveries(session) == []
