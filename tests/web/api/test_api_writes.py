"""Changing things through the API: the web's services, run as the token's
owner, audited in the same transaction, committed once."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import sqlalchemy as sa

from factcheck.config import SETTINGS_KEY, settings_of
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.models import Article, AuditEvent, Claim, Review
from tests.support.desk import NOW, Desk
from tests.support.page_server import serving
from tests.support.workflow import story_claims

STORY = ("Council approves transit levy\n\n"
         "MILLBROOK (AP) - The city council voted 7-2 on Thursday to approve a half-cent sales "
         "tax for public transit, the mayor's office said.\n\n"
         "The levy would raise about $14 million a year, according to a city budget memo.")
PAGE = (b"<!doctype html><html><head><title>Levy approved | Millbrook Ledger</title>"
        b'<meta property="og:site_name" content="Millbrook Ledger">'
        b"</head><body><article><h1>Levy approved</h1>"
        b"<p>The council voted 7-2 on Thursday to approve the transit levy, the mayor said.</p>"
        b"<p>The levy would raise $14 million a year, according to the budget office.</p>"
        b"</article></body></html>")


def _events(session, action, entity_id=None):
    session.expire_all()
    query = sa.select(AuditEvent).where(AuditEvent.action == action.value)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == str(entity_id))
    return session.scalars(query).all()


def test_an_article_from_text_with_its_claims_audited_as_the_token_s_owner(
        as_token, checker, session):
    response = as_token(checker).post("/api/v1/articles", json={
        "text": STORY, "outlet": "Millbrook Ledger"})
    assert response.status_code == 201, response.data
    body = response.get_json()
    assert body["created"] is True and body["outlet"] == "Millbrook Ledger"
    assert any("$14 million" in claim["text"] for claim in body["claims"])
    [created] = _events(session, AuditAction.ARTICLE_CREATED, body["id"])
    assert created.actor_id == checker.id
    assert len(_events(session, AuditAction.CLAIM_CREATED)) == len(body["claims"])
    # The same text again: the article already here, nothing added.
    again = as_token(checker).post("/api/v1/articles", json={"text": STORY})
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert again.get_json()["created"] is False


def test_an_article_from_html_and_from_an_address(app, as_token, checker, session,
                                                  monkeypatch):
    api = as_token(checker)
    from_html = api.post("/api/v1/articles", json={"html": PAGE.decode(),
                                                   "url": "https://ledger.example/levy"})
    assert from_html.status_code == 201, from_html.data
    assert from_html.get_json()["title"] == "Levy approved"
    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        replace(settings_of(app.config), fetch_allow_private=True))
    other = PAGE.replace(b"7-2", b"6-3")
    with serving({"/levy": other}) as base:
        fetched = api.post("/api/v1/articles", json={"fetch_url": f"{base}/levy"})
    assert fetched.status_code == 201, fetched.data
    assert session.get(Article, fetched.get_json()["id"]).url == f"{base}/levy"


def test_a_private_address_is_refused_and_nothing_is_saved(as_token, checker, session):
    before = session.scalar(sa.select(sa.func.count()).select_from(Article))
    response = as_token(checker).post("/api/v1/articles",
                                      json={"fetch_url": "http://127.0.0.1:9/levy"})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == before


def test_a_review_through_the_api_follows_the_web_s_rules(as_token, checker, session, editor):
    claim_id = story_claims(session, editor)[1].id
    api = as_token(checker)
    draft = api.post(f"/api/v1/claims/{claim_id}/reviews", json={
        "truth": "false", "rationale": "Half done.", "submit": False})
    assert draft.status_code == 201, draft.data
    version = draft.get_json()["version"]
    assert draft.get_json()["submitted_at"] is None
    # Saving again without the draft's version is the web's stale-tab conflict.
    stale = api.post(f"/api/v1/claims/{claim_id}/reviews", json={
        "truth": "false", "attribution": "accurate", "rationale": "Done."})
    assert stale.status_code == 409 and stale.mimetype == "application/problem+json"
    submitted = api.post(f"/api/v1/claims/{claim_id}/reviews", json={
        "truth": "false", "attribution": "accurate", "rationale": "Done.",
        "expected_version": version,
        "evidence": [{"url": "https://stats.example/table", "stance": "refutes"}]})
    assert submitted.status_code == 201, submitted.data
    review = session.scalar(sa.select(Review).where(Review.claim_id == claim_id))
    assert review.reviewer_id == checker.id and review.submitted_at is not None
    assert [e.stance.value for e in review.evidence] == ["refutes"]
    [event] = _events(session, AuditAction.REVIEW_SUBMITTED, review.id)
    assert event.actor_id == checker.id
    assert session.get(Claim, claim_id).status is ClaimStatus.IN_REVIEW


def test_a_review_without_a_rationale_is_refused_and_nothing_is_saved(as_token, checker,
                                                                      session, editor):
    claim_id = story_claims(session, editor)[1].id
    response = as_token(checker).post(f"/api/v1/claims/{claim_id}/reviews", json={
        "truth": "false", "attribution": "accurate"})
    assert response.status_code == 422 and "rationale" in response.get_json()["detail"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0
    assert _events(session, AuditAction.REVIEW_SUBMITTED) == []


def test_exports_through_the_export_service_audited(as_token, editor, session):
    desk = Desk(session)
    _, [claim] = desk.article(claims=1)
    desk.set(claim, status=ClaimStatus.PUBLISHED)
    desk.verdict(claim, TruthRating.FALSE, published=NOW)
    session.commit()
    api = as_token(editor)
    response = api.get("/api/v1/exports/claims?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["claim_id"] for row in rows] == [str(claim.id)]
    lines = api.get("/api/v1/exports/claims?format=jsonl").get_data(as_text=True).splitlines()
    assert [json.loads(line)["claim_id"] for line in lines] == [claim.id]
    [event] = _events(session, AuditAction.EXPORT_CREATED)[:1]
    assert event.actor_id == editor.id
    assert len(_events(session, AuditAction.EXPORT_CREATED)) == 2
