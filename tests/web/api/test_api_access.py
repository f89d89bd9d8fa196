"""Who may use which API route, stated by hand, and deny by default proven
for the API as for the web (tests/web/test_access.py):

  none      no token at all (or a cookie): 401 everywhere but the OpenAPI
            document, which holds no data
  read      a checker's token with only the read scope: reads, no writes
  checker   a checker's token with every scope a checker may have
  editor    an editor's token with every scope an editor may have
  admin     an admin's token: reads the desk's work, changes none of it

ok: the token check lets the request through (what the view then answers is
other tests' business); no: 403; auth: 401."""

from __future__ import annotations

import re
from typing import Any

import pytest

from factcheck.domain.roles import Role
from factcheck.domain.tokens import TokenScope
from tests.support.api import bearer, issue_token
from tests.support.desk import Desk
from tests.support.routes import all_routes

HOLDERS = ("none", "read", "checker", "editor", "admin")

MATRIX = """
method rule                                        none read checker editor admin
GET    /api/v1/articles                            auth ok   ok      ok     ok
POST   /api/v1/articles                            auth no   ok      ok     no
GET    /api/v1/articles/<int:article_id>           auth ok   ok      ok     ok
GET    /api/v1/claims                              auth ok   ok      ok     ok
GET    /api/v1/claims/<int:claim_id>               auth ok   ok      ok     ok
POST   /api/v1/claims/<int:claim_id>/reviews       auth no   ok      ok     no
GET    /api/v1/verdicts                            auth ok   ok      ok     ok
GET    /api/v1/verdicts/<int:verdict_id>           auth ok   ok      ok     ok
GET    /api/v1/corrections                         auth ok   ok      ok     ok
GET    /api/v1/corrections/<int:correction_id>     auth ok   ok      ok     ok
GET    /api/v1/sources                             auth ok   ok      ok     ok
GET    /api/v1/sources/<int:source_id>             auth ok   ok      ok     ok
GET    /api/v1/exports/claims                      auth no   no      ok     no
GET    /api/v1/openapi.json                        ok   ok   ok      ok     ok
GET    /api/v1/problems                            ok   ok   ok      ok     ok
"""


def read_matrix() -> list[tuple[str, str, dict[str, str]]]:
    header, *lines = MATRIX.strip().splitlines()
    assert header.split() == ["method", "rule", *HOLDERS]
    rows = []
    for line in lines:
        method, rule, *outcomes = line.split()
        assert set(outcomes) <= {"ok", "no", "auth"} and len(outcomes) == len(HOLDERS)
        rows.append((method, rule, dict(zip(HOLDERS, outcomes, strict=True))))
    return rows


def test_every_api_route_is_in_the_matrix_and_nothing_else(app):
    stated = {(method, rule) for method, rule, _ in read_matrix()}
    in_app = {(method, rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")
              for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert in_app == stated
    assert {(route.method, route.endpoint) for route in all_routes(app, api=True)}


def _outcome(response) -> str:
    assert response.status_code < 500, response.data
    if response.status_code in (401, 403):
        assert response.mimetype == "application/problem+json"
        return {401: "auth", 403: "no"}[response.status_code]
    return "ok"


@pytest.fixture
def ids(session) -> dict[str, Any]:
    desk = Desk(session)
    _, [claim] = desk.article(claims=1)
    session.commit()
    return {"article_id": claim.article_id, "claim_id": claim.id, "verdict_id": 1,
            "correction_id": 1, "source_id": 1}


def _headers(app, make_user, holder) -> dict[str, str]:
    if holder == "none":
        return {}
    role = Role.CHECKER if holder in ("read", "checker") else Role(holder)
    user = make_user(email=f"{holder}@api-matrix.example", role=role)
    return bearer(issue_token(app, user, [TokenScope.READ] if holder == "read" else None))


@pytest.mark.parametrize("holder", HOLDERS)
def test_holder_by_route_matrix(app, client, make_user, ids, holder):
    headers = _headers(app, make_user, holder)
    wrong = {}
    for method, rule, expected in read_matrix():
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda found: str(ids[found.group(1)]), rule)
        response = client.open(url, method=method, headers=headers,
                               json={} if method == "POST" else None)
        seen = _outcome(response)
        if seen != expected[holder]:
            wrong[(method, rule)] = f"expected {expected[holder]}, got {seen}"
    assert wrong == {}


def test_a_signed_in_browser_gets_nothing_from_the_api(client, login, editor):
    login(editor)
    for method, rule, expected in read_matrix():
        if expected["none"] == "auth":
            url = re.sub(r"<(?:\w+:)?(\w+)>", "1", rule)
            assert client.open(url, method=method, json={}).status_code == 401, rule
