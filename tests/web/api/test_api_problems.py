"""Bad input to the API: each a clear 4xx problem document (RFC 9457)
naming what was wrong, never a 5xx, and nothing half-written."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.models import Article, AuditEvent
from tests.support.desk import Desk


def _problem(response, status):
    assert response.status_code == status, response.data
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert set(body) >= {"type", "title", "status", "detail"} and body["status"] == status
    return body


def _fields(body):
    return {(error["location"], error["field"]) for error in body["errors"]}


def _counts(session):
    return (session.scalar(sa.select(sa.func.count()).select_from(Article)),
            session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)))


def test_malformed_json_is_a_400(as_token, checker, session):
    api = as_token(checker)
    before = _counts(session)
    response = api.post("/api/v1/articles", data=b'{"text": "unfinished',
                        content_type="application/json")
    _problem(response, 400)
    assert _counts(session) == before


def test_a_body_that_is_not_json_is_a_415(as_token, checker):
    response = as_token(checker).post("/api/v1/articles", data="text=hello",
                                      content_type="application/x-www-form-urlencoded")
    _problem(response, 415)


def test_unknown_fields_and_wrong_types_are_a_422_listing_each_field(as_token, checker,
                                                                     session):
    api = as_token(checker)
    before = _counts(session)
    body = _problem(api.post("/api/v1/articles", json={"text": 42, "colour": "red"}), 422)
    assert _fields(body) == {("json", "text"), ("json", "colour")}
    body = _problem(api.get("/api/v1/claims?limit=many&article=0"), 422)
    assert _fields(body) == {("query", "limit"), ("query", "article")}
    body = _problem(api.get("/api/v1/claims?stauts=published"), 422)
    assert _fields(body) == {("query", "stauts")}
    body = _problem(api.get("/api/v1/claims?since=9999-12-31"), 422)
    assert _fields(body) == {("query", "since")}
    assert _counts(session) == before


def test_a_json_body_that_is_not_an_object_is_a_422(as_token, checker):
    _problem(as_token(checker).post("/api/v1/articles", json=["a list"]), 422)


def test_a_body_over_10_mb_is_a_413_and_nothing_is_saved(as_token, checker, session):
    api = as_token(checker)
    before = _counts(session)
    response = api.post(
        "/api/v1/articles", data=b'{"text": "' + b"a" * (10 * 1024 * 1024) + b'"}',
        content_type="application/json")
    _problem(response, 413)
    assert _counts(session) == before


def test_text_the_desk_refuses_is_a_422_with_the_reason(as_token, checker, session):
    api = as_token(checker)
    before = _counts(session)
    body = _problem(api.post("/api/v1/articles", json={"text": "a\x00b"}), 422)
    assert "NUL" in body["detail"]
    assert _counts(session) == before


def test_a_made_up_cursor_is_a_422(as_token, checker):
    for cursor in ("nonsense", "WzFd", "WyJ4IiwgMV0"):
        body = _problem(as_token(checker).get(f"/api/v1/claims?cursor={cursor}"), 422)
        assert _fields(body) == {("query", "cursor")}


def test_unknown_ids_addresses_and_methods(as_token, checker, session):
    api = as_token(checker)
    for url in ("/api/v1/claims/2147483647", "/api/v1/articles/1", "/api/v1/verdicts/1",
                "/api/v1/sources/99999", "/api/v1/corrections/5", "/api/v1/nowhere"):
        _problem(api.get(url), 404)
    response = api.client.delete("/api/v1/claims", headers=api.headers)
    _problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_web_pages_keep_their_html_errors(client, login, checker):
    login(checker)
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_a_decided_claim_refuses_reviews_with_a_422(as_token, checker, session):
    desk = Desk(session)
    _, [claim] = desk.article(claims=1)
    from factcheck.domain.claims import ClaimStatus

    desk.set(claim, status=ClaimStatus.PUBLISHED)
    session.commit()
    body = _problem(as_token(checker).post(f"/api/v1/claims/{claim.id}/reviews", json={
        "truth": "false", "attribution": "accurate", "rationale": "Checked."}), 422)
    assert "decided" in body["detail"]


def test_every_problem_type_points_to_a_section_that_explains_it(client):
    from markupsafe import escape

    from factcheck.web.api.problems import PROBLEM_TYPES, TYPE_BASE

    # a problem a client really gets: its type is an address on the page below
    body = _problem(client.get("/api/v1/claims", headers={"Authorization": "Bearer nope"}), 401)
    page_path, anchor = body["type"].split("#")
    page = client.get(page_path)
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert f'id="{anchor}"' in html
    for problem_type in PROBLEM_TYPES:
        assert TYPE_BASE.startswith(page_path)
        assert f'id="{problem_type.anchor}"' in html
        assert str(escape(problem_type.title)) in html
        assert str(escape(problem_type.remedy)) in html
