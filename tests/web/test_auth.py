"""Signing in and out, sessions that really end, CSRF, throttling."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from factcheck.models.user import User
from tests.conftest import TEST_PASSWORD


def _actions(app: Any) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_login_with_right_password_reaches_home(client, checker, login):
    response = login(checker)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    page = client.get("/")
    assert page.status_code == 200
    assert checker.display_name in page.get_data(as_text=True)


def test_login_email_is_case_and_width_insensitive(client, checker, login):
    response = login("\uff23\uff28\uff25\uff23\uff2b\uff25\uff32@Example.ORG")  # full-width
    assert response.status_code == 302


def test_wrong_password_shows_error_and_is_audited(app, client, checker, login):
    response = login(checker, "wrong password entirely")
    assert response.status_code == 200
    assert "Email or password is not correct." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert _actions(app)[-1] == "login_failed"


def test_deactivated_user_cannot_sign_in(app, client, checker, login):
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == checker.id).values(active=False))
        db.session.commit()
    assert login(checker).status_code == 200
    assert client.get("/").status_code == 302


def test_logout_replay_of_saved_cookie_fails(app, client, checker, login):
    login(checker)
    assert client.get("/").status_code == 200
    saved_cookie = client.get_cookie("factcheck_session", domain="factcheck.test").value
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302

    # An attacker who copied the cookie before logout replays it.
    replay = client.application.test_client()
    replay.set_cookie("factcheck_session", saved_cookie, domain="factcheck.test")
    response = replay.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logout_needs_post_with_csrf(client, checker, login):
    login(checker)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_post_without_csrf_token_is_refused(client, checker):
    response = client.post("/login", data={"email": checker.email, "password": TEST_PASSWORD},
                           csrf=False)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def test_next_redirect_only_to_same_site(client, checker, login):
    for target, expected in [
        ("/admin/audit?actor=x", "/admin/audit?actor=x"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ]:
        client.post("/logout")
        response = client.post("/login", data={"email": checker.email,
                                                "password": TEST_PASSWORD, "next": target})
        assert response.status_code == 302
        location = response.headers["Location"]
        assert location.replace("http://factcheck.test", "") == expected, target


def test_login_page_carries_next_from_redirect(client, checker):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "next=" in response.headers["Location"]


def test_failed_logins_for_one_account_are_throttled(client, checker, login):
    for _ in range(5):
        assert login(checker, "not the password at all").status_code == 200
    response = login(checker, "not the password at all")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    # Even the right password waits out the window.
    assert login(checker).status_code == 429


def test_the_throttled_page_keeps_the_sign_in_form_with_the_email_typed(client, checker, login):
    for _ in range(5):
        login(checker, "not the password at all")
    response = client.post("/login", data={"email": checker.email, "password": "secret guess",
                                           "next": "/queues"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many attempts" in page
    assert 'action="/login"' in page and f'value="{checker.email}"' in page
    assert 'value="/queues"' in page
    assert "secret guess" not in page  # the password is never sent back


def test_failed_logins_from_one_address_are_throttled(client, make_user, login):
    for attempt in range(20):
        assert login(f"nobody{attempt}@example.org", "not the password").status_code == 200
    assert login("another@example.org", "not the password").status_code == 429


def test_successful_logins_do_not_count_against_the_limit(client, checker, login):
    for _ in range(8):
        assert login(checker).status_code == 302
        client.post("/logout")


def test_forged_forwarded_for_does_not_reset_address_limit(client, login):
    for attempt in range(20):
        login(f"nobody{attempt}@example.org", "not the password")
    response = client.post("/login", data={"email": "x@example.org", "password": "nope nope nope"},
                           headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 429


def test_password_change_ends_other_sessions_but_not_this_one(app, client, checker, login):
    other = app.test_client()
    other.post("/login", data={"email": checker.email, "password": TEST_PASSWORD,
                               "csrf_token": other.csrf_token()})
    assert other.get("/").status_code == 200
    login(checker)
    new_password = "a brand new passphrase 42"
    response = client.post("/account/password", data={
        "current": TEST_PASSWORD, "new": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert "password_changed" in _actions(app)


def test_password_change_with_wrong_current_password_changes_nothing(app, client, checker, login):
    login(checker)
    response = client.post("/account/password", data={
        "current": "not my password", "new": "another long passphrase", "confirm":
        "another long passphrase"})
    assert response.status_code == 200
    assert "current password is not correct" in response.get_data(as_text=True)
    client.post("/logout")
    assert login(checker).status_code == 302


def test_security_headers_on_every_page(client, checker, login):
    for path in ("/login", "/static/css/app.css"):
        response = client.get(path)
        response.close()
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    login(checker)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(client, checker, login):
    response = login(checker)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
