"""Who may use which route, stated by hand from the README's "Users and
roles" (not read back from the views' own declarations, so a wrong
declaration fails here), and deny by default for what is not declared.

  checker  adds articles, edits claims, attributions and sources, reviews claims
  editor   all a checker does, plus assigning, deciding and publishing
           verdicts, merging sources, the dashboard, exports and webhooks
  admin    users, the audit log and webhooks; reads the desk's work (articles,
           claims, sources, history, dashboard) but changes none of it
  anonymous  only the sign-in page, /healthz, static files and the public
           fact-check pages and feeds; anything else sends them to sign in

ok: the access check lets the request through (what the view then answers,
a page, a redirect or a form error, is other tests' business); no: 403;
login: a redirect to the sign-in page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from werkzeug.exceptions import Forbidden

from factcheck import create_app
from factcheck.domain.anchoring import Outcome
from factcheck.domain.jobs import JobKind
from factcheck.domain.revisions import RevisionOrigin
from factcheck.domain.roles import Role
from factcheck.models.revision import ArticleRevision, ClaimReanchor
from factcheck.models.webhook import WebhookEndpoint
from factcheck.services.jobs import enqueue
from factcheck.web.access import ACCESS_ATTR, PUBLIC
from tests.support.config import make_test_config
from tests.support.desk import Desk
from tests.support.routes import PUBLIC_ENDPOINTS

ROLES = ("anonymous", "checker", "editor", "admin")

# Keyed by URL rule and method (stabler than endpoint names).
MATRIX = """
method rule                                              anonymous checker editor admin
GET    /                                                 login     ok      ok     ok
GET    /account/password                                 login     ok      ok     ok
POST   /account/password                                 login     ok      ok     ok
GET    /account/tokens                                   login     ok      ok     ok
POST   /account/tokens                                   login     ok      ok     ok
POST   /account/tokens/<int:token_id>/revoke             login     ok      ok     ok
GET    /admin/audit                                      login     no      no     ok
GET    /admin/jobs                                       login     no      no     ok
POST   /admin/jobs/<int:job_id>/retry                    login     no      no     ok
GET    /admin/claimreview                                login     no      ok     ok
POST   /admin/claimreview                                login     no      ok     ok
GET    /admin/users                                      login     no      no     ok
GET    /admin/users/<int:user_id>                        login     no      no     ok
POST   /admin/users/<int:user_id>                        login     no      no     ok
GET    /admin/users/new                                  login     no      no     ok
POST   /admin/users/new                                  login     no      no     ok
GET    /articles                                         login     ok      ok     ok
GET    /articles/<int:article_id>                        login     ok      ok     ok
POST   /articles/<int:article_id>/claims                 login     ok      ok     no
GET    /articles/<int:article_id>/history                login     ok      ok     ok
GET    /articles/<int:article_id>/revisions              login     ok      ok     ok
POST   /articles/<int:article_id>/revisions              login     ok      ok     no
GET    /articles/<int:article_id>/report                 login     no      ok     no
POST   /articles/<int:article_id>/report.md              login     no      ok     no
POST   /articles/<int:article_id>/report.pdf             login     no      ok     no
POST   /articles/<int:article_id>/report.pdf/job         login     no      ok     no
GET    /articles/new                                     login     ok      ok     no
POST   /articles/new                                     login     ok      ok     no
GET    /claims                                           login     ok      ok     ok
GET    /claims/<int:claim_id>                            login     ok      ok     ok
POST   /claims/<int:claim_id>/assign                     login     no      ok     no
POST   /claims/<int:claim_id>/boundaries                 login     ok      ok     no
POST   /claims/<int:claim_id>/decide                     login     no      ok     no
POST   /claims/<int:claim_id>/details                    login     ok      ok     no
GET    /claims/<int:claim_id>/edit                       login     ok      ok     no
GET    /claims/<int:claim_id>/history                    login     ok      ok     ok
POST   /claims/<int:claim_id>/hops                       login     ok      ok     no
POST   /claims/<int:claim_id>/hops/<int:hop_id>          login     ok      ok     no
POST   /claims/<int:claim_id>/hops/<int:hop_id>/delete   login     ok      ok     no
POST   /claims/<int:claim_id>/hops/<int:hop_id>/move     login     ok      ok     no
POST   /claims/<int:claim_id>/merge                      login     ok      ok     no
POST   /claims/<int:claim_id>/publish                    login     no      ok     no
POST   /claims/<int:claim_id>/reopen                     login     no      ok     no
POST   /claims/<int:claim_id>/same-claim                 login     ok      ok     no
GET    /claims/<int:claim_id>/review                     login     ok      ok     ok
POST   /claims/<int:claim_id>/review                     login     ok      ok     no
POST   /claims/<int:claim_id>/split                      login     ok      ok     no
POST   /claims/<int:claim_id>/take                       login     ok      ok     no
GET    /dashboard                                        login     no      ok     ok
GET    /exports                                          login     no      ok     no
POST   /exports                                          login     no      ok     no
GET    /stale                                            login     no      ok     no
POST   /stale/<int:stale_id>/confirm                     login     no      ok     no
POST   /stale/<int:stale_id>/reopen                      login     no      ok     no
GET    /jobs/<int:job_id>                                login     ok      ok     ok
GET    /jobs/<int:job_id>/download                       login     ok      ok     no
GET    /healthz                                          ok        ok      ok     ok
GET    /fact-checks/                                     ok        ok      ok     ok
GET    /fact-checks/<int:claim_id>                       ok        ok      ok     ok
GET    /fact-checks/feed.atom                            ok        ok      ok     ok
GET    /fact-checks/feed.jsonld                          ok        ok      ok     ok
GET    /login                                            ok        ok      ok     ok
POST   /login                                            ok        ok      ok     ok
POST   /logout                                           login     ok      ok     ok
GET    /notifications                                    login     ok      ok     ok
POST   /notifications/read                               login     ok      ok     ok
GET    /queues                                           login     ok      ok     no
GET    /sources                                          login     ok      ok     ok
GET    /sources/<int:source_id>                          login     ok      ok     ok
POST   /sources/<int:source_id>                          login     ok      ok     no
POST   /sources/<int:source_id>/merge                    login     no      ok     no
POST   /sources/<int:source_id>/confirm                  login     ok      ok     no
POST   /sources/<int:source_id>/delete                   login     ok      ok     no
GET    /webhooks                                         login     no      ok     ok
GET    /webhooks/<int:endpoint_id>                       login     no      ok     ok
POST   /webhooks/<int:endpoint_id>                       login     no      ok     ok
POST   /webhooks/<int:endpoint_id>/delete                login     no      ok     ok
POST   /webhooks/<int:endpoint_id>/enabled               login     no      ok     ok
POST   /webhooks/<int:endpoint_id>/rotate                login     no      ok     ok
POST   /webhooks/<int:endpoint_id>/test                  login     no      ok     ok
GET    /webhooks/new                                     login     no      ok     ok
POST   /webhooks/new                                     login     no      ok     ok
GET    /static/<path:filename>                           ok        ok      ok     ok
"""


@dataclass(frozen=True)
class Expected:
    method: str
    rule: str
    outcomes: dict[str, str]


def read_matrix() -> list[Expected]:
    header, *lines = MATRIX.strip().splitlines()
    assert header.split() == ["method", "rule", *ROLES]
    rows = []
    for line in lines:
        method, rule, *outcomes = line.split()
        assert set(outcomes) <= {"ok", "no", "login"} and len(outcomes) == len(ROLES), line
        rows.append(Expected(method, rule, dict(zip(ROLES, outcomes, strict=True))))
    return rows


def routes_in_the_app(app) -> set[tuple[str, str]]:
    """The web's routes. The API's (/api/...) answer tokens, not sessions:
    their own matrix is in tests/web/api/test_api_access.py."""
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
            if not rule.rule.startswith("/api/")}


def test_every_route_is_in_the_matrix_and_nothing_else(app):
    stated = [(row.method, row.rule) for row in read_matrix()]
    assert len(stated) == len(set(stated)), "a route is stated twice"
    assert routes_in_the_app(app) - set(stated) == set(), "new routes: add them to MATRIX"
    assert set(stated) - routes_in_the_app(app) == set(), "gone routes: drop them from MATRIX"


def _url(rule: str, values: dict[str, Any]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda found: str(values[found.group(1)]), rule)


def _outcome(response) -> str:
    if response.status_code == 403:
        return "no"
    if response.status_code == 302 and "/login?next=" in response.headers["Location"]:
        return "login"
    assert response.status_code < 500, response.status_code
    return "ok"


@pytest.fixture
def things(session) -> dict[str, Any]:
    """Real rows for every placeholder in the rules, so "ok" routes reach
    their views with something to show."""
    desk = Desk(session)
    source, other = desk.source("Matrix Wire"), desk.source("Matrix Daily")
    article, claims = desk.article(claims=2)
    desk.chain(claims[0], source, other)
    hop = claims[0].attributions[0].hops[0]
    revision = ArticleRevision(article_id=article.id, number=2, body=article.body + " More.",
                               content_hash="0" * 64, origin=RevisionOrigin.PASTE,
                               added_by_id=desk.editor.id)
    session.add(revision)
    session.flush()
    stale = ClaimReanchor(revision_id=revision.id, claim_id=claims[1].id, outcome=Outcome.LOST,
                          old_text=claims[1].text, old_start=claims[1].start,
                          old_end=claims[1].end, stale=True, stale_reason="The sentence is gone.")
    session.add(stale)
    endpoint = WebhookEndpoint(url="https://93.184.216.34/hook", description="", events="ping",
                               secret="whsec_" + "A" * 44)
    session.add(endpoint)
    session.flush()
    job = enqueue(session, desk.editor, JobKind.REPORT_PDF, {"article_id": article.id},
                  "matrix report")
    values = {"article_id": article.id, "claim_id": claims[0].id, "hop_id": hop.id,
              "job_id": job.id,
              "source_id": source.id, "user_id": desk.editor.id, "stale_id": stale.id,
              "filename": "css/app.css", "token_id": 2_000_000_000,
              "endpoint_id": endpoint.id}
    session.commit()
    return values


@pytest.mark.parametrize("role", ROLES)
def test_role_by_route_matrix(client, make_user, login, things, role):
    if role != "anonymous":
        user = make_user(email=f"{role}@matrix.example", role=Role(role))
        assert login(user).status_code == 302
    # Signing in or out changes who the later requests are made as: last.
    rows = sorted(read_matrix(), key=lambda row: row.rule in ("/login", "/logout"))
    seen = {}
    for row in rows:
        response = client.open(_url(row.rule, things), method=row.method,
                               data={"csrf_token": client.csrf_token()})
        seen[(row.method, row.rule)] = _outcome(response)
        response.close()  # a static file's response holds the file open
    expected = {(row.method, row.rule): row.outcomes[role] for row in rows}
    wrong = {route: f"expected {expected[route]}, got {seen[route]}"
             for route in expected if seen[route] != expected[route]}
    assert wrong == {}


def test_every_view_declares_its_access(app):
    undeclared = [endpoint for endpoint, view in app.view_functions.items()
                  if endpoint != "static" and not hasattr(view, ACCESS_ATTR)]
    assert undeclared == []
    public = {endpoint for endpoint, view in app.view_functions.items()
              if getattr(view, ACCESS_ATTR, None) == PUBLIC} | {"static"}
    assert public == PUBLIC_ENDPOINTS


class _SignedInEditor:
    is_authenticated = True
    email = "editor@example.org"

    def can(self, permission):
        return True


def test_a_view_without_declared_access_is_refused(tmp_path, monkeypatch):
    application = create_app(make_test_config(f"sqlite:///{tmp_path / 'x.sqlite3'}",
                                         tmp_path / "instance"))

    @application.route("/forgot-to-protect")
    def forgot() -> str:
        return "secret"

    from factcheck.web.access import enforce_access

    with application.test_request_context("/forgot-to-protect"):
        # Anonymous: sent to sign in, like every other private page.
        assert enforce_access().status_code == 302
        # Signed in with every permission: still refused, nothing declared.
        monkeypatch.setattr("factcheck.web.access.current_user", _SignedInEditor())
        with pytest.raises(Forbidden):
            enforce_access()
