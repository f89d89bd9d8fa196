"""Blind review in the pages: the claim page, the claim list's filters and
the decision form."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from factcheck.config import SETTINGS_KEY, settings_of
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from tests.support.workflow import story_claims


@pytest.fixture
def claim_id(session, editor):
    return story_claims(session, editor)[1].id


def _review(client, claim_id, version="", truth="true", attribution="accurate",
            rationale="Checked against the filing.", action="submit"):
    return client.post(f"/claims/{claim_id}/review", data={
        "action": action, "version": version, "truth": truth, "attribution": attribution,
        "rationale": rationale, "evidence-0-url": "", "evidence-0-title": "",
        "evidence-0-stance": "context", "evidence-0-note": ""})


def _as(client, login, user):
    client.post("/logout")
    login(user)


def test_misattributed_list_does_not_show_a_claim_still_blind(client, make_user, login,
                                                               claim_id):
    """Finding: ``GET /claims?misattributed=1`` leaked another checker's rating."""
    first = make_user(email="first@example.org", role="checker")
    second = make_user(email="second@example.org", role="checker")
    login(first)
    assert _review(client, claim_id, attribution="misattributed").status_code == 302
    _as(client, login, second)
    page = client.get("/claims?misattributed=1").get_data(as_text=True)
    assert '<strong id="claim-total">0</strong>' in page
    assert f"claim={claim_id}" not in page
    assert _review(client, claim_id, attribution="accurate").status_code == 302
    page = client.get("/claims?misattributed=1").get_data(as_text=True)
    assert f"claim={claim_id}" in page  # unblinded now


def test_an_editor_reviewing_gets_the_blind_form(client, make_user, editor, login, claim_id):
    """Finding: editors saw every submitted review."""
    first = make_user(email="first@example.org", role="checker")
    login(first)
    _review(client, claim_id, rationale="first checker's private reasoning")
    _as(client, login, editor)
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "first checker&#39;s private reasoning" not in page
    assert "private reasoning" not in page
    assert "1 other review(s) hidden" in page and "Review this claim" in page


def test_revision_is_shown_beside_the_blind_original(client, make_user, editor, login,
                                                     claim_id, session):
    first = make_user(email="first@example.org", role="checker")
    second = make_user(email="second@example.org", role="checker")
    login(first)
    _review(client, claim_id, truth="true", rationale="Original view.")
    _as(client, login, second)
    _review(client, claim_id, truth="false", rationale="Second view.")
    _as(client, login, first)
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "Second view." in page and "Revise your review" in page
    version = session.scalar(sa.select(Review.version).where(
        Review.claim_id == claim_id, Review.reviewer_id == first.id))
    assert _review(client, claim_id, version=str(version), truth="false",
                   rationale="Changed my mind.").status_code == 302
    _as(client, login, editor)
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "Original view." in page and "Changed my mind." in page
    assert "Revised after seeing the other reviews" in page
    status = session.scalar(sa.select(Claim.status).where(Claim.id == claim_id))
    assert status.value == "disputed"


def test_an_editor_who_reviewed_is_refused_the_decision(client, make_user, editor, login,
                                                       claim_id, session, app, monkeypatch):
    first = make_user(email="first@example.org", role="checker")
    login(first)
    _review(client, claim_id)
    _as(client, login, editor)
    _review(client, claim_id)
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "another editor decides it" in page
    version = session.scalar(sa.select(Claim.version).where(Claim.id == claim_id))
    response = client.post(f"/claims/{claim_id}/decide", data={
        "version": str(version), "rating": "true", "public_rationale": "Mine."})
    assert response.status_code == 400
    assert "another editor decides it" in response.get_data(as_text=True)
    settings = dataclasses.replace(settings_of(app.config), allow_self_decision=True)
    monkeypatch.setitem(app.config, SETTINGS_KEY, settings)
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "FACTCHECK_ALLOW_SELF_DECISION=1" in page
    response = client.post(f"/claims/{claim_id}/decide", data={
        "version": str(version), "rating": "true", "public_rationale": "Mine."})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert 'id="verdict-claimant"' in page  # the claimant the verdict publishes
