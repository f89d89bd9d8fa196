"""OWASP ASVS level 2 items that the foundation answers for, as tests.
Each test is named after the requirement it checks."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from factcheck import create_app
from factcheck.models.audit import AuditEvent
from factcheck.services.users import passwords
from tests.conftest import TEST_PASSWORD
from tests.support.config import make_test_config
from tests.support.routes import PUBLIC_ENDPOINTS, all_routes


def test_asvs_2_1_1_password_at_least_12_characters(client, admin, login):
    login(admin)
    response = client.post("/admin/users/new", data={
        "email": "short@example.org", "display_name": "S", "role": "checker",
        "password": "elevenchars"})
    assert "at least 12" in response.get_data(as_text=True)


def test_asvs_2_1_2_overlong_password_rejected_before_hashing(client, checker, monkeypatch):
    calls = []
    real = passwords._hasher

    class Spy:
        def verify(self, *args):
            calls.append(args)
            return real.verify(*args)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(passwords, "_hasher", Spy())
    response = client.post("/login", data={"email": checker.email, "password": "x" * 129})
    assert response.status_code == 200
    assert calls == []  # argon2 never saw it


def test_asvs_2_1_7_common_passwords_refused(client, admin, login):
    login(admin)
    response = client.post("/admin/users/new", data={
        "email": "c@example.org", "display_name": "C", "role": "checker",
        "password": "qwertyuiop12"})
    assert "too common" in response.get_data(as_text=True)


def test_asvs_3_2_1_new_session_token_at_login(client, checker, login):
    client.get("/login")
    with client.session_transaction() as before:
        before["marker"] = "set before login"
    login(checker)
    with client.session_transaction() as after:
        assert "marker" not in after  # nothing carried over from before


def test_asvs_3_3_2_idle_timeout(app, client, checker, login, monkeypatch):
    login(checker)
    with client.session_transaction() as state:
        state["last_seen"] -= app.config["SESSION_IDLE_TIMEOUT"] + 5
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_activity_keeps_the_session_alive_a_minute_at_a_time(app, client, checker, login):
    """Within a minute of the last rewrite a request leaves the session as
    it was (no cookie signed and sent again); past it, the request moves
    "last seen" on, so an active reader is never timed out."""
    login(checker)
    client.get("/")  # the first page also keeps the session's form token
    with client.session_transaction() as state:
        state["last_seen"] -= 30
        recent = state["last_seen"]
    response = client.get("/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    with client.session_transaction() as state:
        assert state["last_seen"] == recent
        state["last_seen"] -= 60
        stale = state["last_seen"]
    response = client.get("/")
    assert response.status_code == 200 and "Set-Cookie" in response.headers
    with client.session_transaction() as state:
        assert state["last_seen"] >= stale + 60


def test_asvs_3_3_4_absolute_timeout(app, client, checker, login):
    login(checker)
    with client.session_transaction() as state:
        state["started_at"] -= app.config["PERMANENT_SESSION_LIFETIME"] + 5
    assert client.get("/").status_code == 302


def test_asvs_3_4_1_secure_cookie_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_ENV", "production")
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'p.sqlite3'}", tmp_path / "i"))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/login")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_asvs_4_2_2_no_state_change_on_get(app, client, editor, login, session):
    login(editor)
    before = session.scalar(sa.select(sa.func.count(AuditEvent.seq)))
    for route in all_routes(app):
        if route.method == "GET" and route.endpoint != "static":
            client.get(route.url)
    assert session.scalar(sa.select(sa.func.count(AuditEvent.seq))) == before


def test_asvs_4_2_2_csrf_on_every_state_changing_route(app, client, editor, login):
    login(editor)
    for route in all_routes(app):
        if route.method != "POST":
            continue
        response = client.post(route.url, data={}, csrf=False)
        assert response.status_code == 400, route


def test_asvs_14_4_security_headers_on_every_route(app, client, editor, login):
    login(editor)
    for route in all_routes(app):
        if route.method != "GET":
            continue
        response = client.get(route.url)
        response.close()
        headers = response.headers
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"], route
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], route
        assert headers["X-Content-Type-Options"] == "nosniff", route
        if route.endpoint not in PUBLIC_ENDPOINTS:
            assert headers.get("Cache-Control") == "no-store", route


def test_asvs_7_1_security_events_logged_one_line_utc_without_secrets(client, checker, caplog):
    caplog.set_level(logging.INFO, logger="factcheck.security")
    client.post("/login", data={"email": "evil\nlogin ok actor='admin'",
                                "password": "secret-password-123"})
    client.post("/login", data={"email": checker.email, "password": TEST_PASSWORD})
    records = [r for r in caplog.records if r.name == "factcheck.security"]
    messages = [r.getMessage() for r in records]
    assert any(m.startswith("login_failed") for m in messages)
    assert any(m.startswith("login ") for m in messages)
    assert all("\n" not in m for m in messages)
    assert not any("secret-password-123" in m or TEST_PASSWORD in m for m in messages)


def test_asvs_7_4_1_errors_show_no_stack_or_sql(client):
    response = client.get("/articles/99999999")
    body = response.get_data(as_text=True)
    assert response.status_code in (302, 404)
    assert "Traceback" not in body and "SELECT" not in body


@pytest.mark.parametrize("field", ["display_name"])
def test_asvs_5_3_3_stored_script_renders_as_text(client, admin, login, field):
    login(admin)
    client.post("/admin/users/new", data={
        "email": "x@example.org", "display_name": "<script>alert(1)</script>",
        "role": "checker", "password": "a long enough passphrase"})
    page = client.get("/admin/users").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_asvs_2_4_1_passwords_stored_with_argon2id_at_owasp_strength():
    from argon2 import PasswordHasher
    from argon2.profiles import get_default_parameters  # noqa: F401 - proves argon2-cffi API

    default = PasswordHasher(time_cost=passwords.DEFAULT_TIME_COST,
                             memory_cost=passwords.DEFAULT_MEMORY_COST,
                             parallelism=passwords.DEFAULT_PARALLELISM)
    digest = default.hash("a long passphrase here")
    assert digest.startswith("$argon2id$")
    assert passwords.DEFAULT_MEMORY_COST >= 19 * 1024 and passwords.DEFAULT_TIME_COST >= 2
