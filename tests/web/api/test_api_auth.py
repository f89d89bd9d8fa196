"""Who an API request acts as: a bearer token, checked at every use against
its owner as they are now; every refusal a 401 problem document, and the
uses of a revoked or expired token in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from factcheck.config import SETTINGS_KEY
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.roles import Role
from factcheck.extensions import db
from factcheck.models import ApiToken, AuditEvent, User
from factcheck.services.core.actors import SystemActor
from factcheck.services.tokens import personal
from factcheck.services.users import accounts
from tests.support.api import APP_NOW, bearer, issue_token
from tests.support.config import with_settings

ADMIN = SystemActor(label="tests")


def _problem(response, status):
    assert response.status_code == status, response.data
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def _events(session, action):
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action.value)).all()


def test_no_token_is_a_401_problem_with_a_bearer_challenge(client):
    response = client.get("/api/v1/claims")
    _problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_api_sets_no_cookies(app, client, checker):
    secret = issue_token(app, checker)
    for response in (client.get("/api/v1/claims"),
                     client.get("/api/v1/claims", headers=bearer(secret))):
        assert "Set-Cookie" not in response.headers


def test_a_session_cookie_does_not_open_the_api(client, login, checker):
    login(checker)
    assert client.get("/claims").status_code == 200  # the web lets them in
    _problem(client.get("/api/v1/claims"), 401)


def test_a_made_up_or_altered_token_is_refused(app, client, checker):
    secret = issue_token(app, checker, now=APP_NOW)
    for wrong in ("fct_nonsense", secret[:-1] + ("A" if secret[-1] != "A" else "B"),
                  "Basic " + secret):
        headers = {"Authorization": wrong} if wrong.startswith("Basic") else bearer(wrong)
        _problem(client.get("/api/v1/claims", headers=headers), 401)
    assert client.get("/api/v1/claims", headers=bearer(secret)).status_code == 200


def test_a_revoked_token_stops_at_once_and_its_use_is_audited(app, client, session, checker):
    secret = issue_token(app, checker, now=APP_NOW)
    assert client.get("/api/v1/claims", headers=bearer(secret)).status_code == 200
    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == checker.id))
        personal.revoke_token(db.session, db.session.get(User, checker.id), token.id)
        db.session.commit()
    body = _problem(client.get("/api/v1/claims", headers=bearer(secret)), 401)
    assert "revoked" in body["detail"]
    # Presented again within the minute: refused, but audited once.
    _problem(client.get("/api/v1/claims", headers=bearer(secret)), 401)
    [refused] = _events(session, AuditAction.API_TOKEN_REFUSED)
    assert refused.actor_id == checker.id and "revoked" in refused.after
    assert len(_events(session, AuditAction.API_TOKEN_REVOKED)) == 1


def test_an_expired_token_is_refused(app, client, session, checker):
    secret = issue_token(app, checker, days=1, now=APP_NOW - timedelta(days=2))
    body = _problem(client.get("/api/v1/claims", headers=bearer(secret)), 401)
    assert "expired" in body["detail"]
    assert len(_events(session, AuditAction.API_TOKEN_REFUSED)) == 1


def test_a_deactivated_owner_s_tokens_stop_working(app, client, checker):
    secret = issue_token(app, checker, now=APP_NOW)
    with app.app_context():
        accounts.set_active(db.session, ADMIN, db.session.get(User, checker.id), False)
        db.session.commit()
    body = _problem(client.get("/api/v1/claims", headers=bearer(secret)), 401)
    assert "deactivated" in body["detail"]


def test_a_role_that_drops_takes_the_scopes_above_it_away_at_once(app, client, editor):
    secret = issue_token(app, editor, now=APP_NOW)
    assert client.get("/api/v1/exports/claims", headers=bearer(secret)).status_code == 200
    with app.app_context():
        accounts.change_role(db.session, ADMIN, db.session.get(User, editor.id), Role.CHECKER)
        db.session.commit()
    _problem(client.get("/api/v1/exports/claims", headers=bearer(secret)), 403)
    assert client.get("/api/v1/claims", headers=bearer(secret)).status_code == 200


def test_last_use_is_kept_to_the_minute(app, client, session, checker):
    secret = issue_token(app, checker, now=APP_NOW)
    client.get("/api/v1/claims", headers=bearer(secret))
    token = session.scalar(sa.select(ApiToken).where(ApiToken.user_id == checker.id))
    assert token.last_used_at == APP_NOW


def test_the_token_s_rate_limit_answers_429_with_a_wait(app, client, checker, monkeypatch):
    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        with_settings(app.config, api_rate_limit="3 per minute"))
    secret = issue_token(app, checker, now=APP_NOW)
    statuses = [client.get("/api/v1/sources", headers=bearer(secret)).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/sources", headers=bearer(secret))
    _problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0
    # Another token of the same person has its own count.
    other = issue_token(app, checker, now=APP_NOW)
    assert client.get("/api/v1/sources", headers=bearer(other)).status_code == 200
