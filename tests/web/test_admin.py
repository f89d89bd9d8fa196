"""Admins add people, change roles and deactivate accounts; each ends the
person's sessions and lands in the audit log."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.models.audit import AuditEvent
from factcheck.models.user import User
from tests.conftest import TEST_PASSWORD


def test_admin_adds_a_user_who_can_then_sign_in(app, client, admin, login, session):
    login(admin)
    response = client.post("/admin/users/new", data={
        "email": "New.Person@Example.org", "display_name": "New Person", "role": "editor",
        "password": "a long enough passphrase"})
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "new.person@example.org" in page and "Editor" in page
    client.post("/logout")
    assert login("new.person@example.org", "a long enough passphrase").status_code == 302


def test_duplicate_or_lookalike_email_is_refused(client, admin, checker, login, session):
    login(admin)
    before = session.scalar(sa.select(sa.func.count(User.id)))
    for email in ("CHECKER@example.org", "checker\u200b@example.org", "сhecker@example.org"):
        response = client.post("/admin/users/new", data={
            "email": email, "display_name": "Copy", "role": "admin",
            "password": "a long enough passphrase"})
        assert response.status_code == 400, email
        body = response.get_data(as_text=True)
        assert "already exists" in body or "plain ASCII" in body, email
    assert session.scalar(sa.select(sa.func.count(User.id))) == before


def test_common_and_short_passwords_are_refused(client, admin, login):
    login(admin)
    for password, message in (("password1234", "too common"), ("short", "at least 12")):
        response = client.post("/admin/users/new", data={
            "email": "p@example.org", "display_name": "P", "role": "checker",
            "password": password})
        assert message in response.get_data(as_text=True)


def test_role_change_ends_that_users_sessions(app, client, admin, checker, login, session):
    theirs = app.test_client()
    theirs.post("/login", data={"email": checker.email, "password": TEST_PASSWORD,
                                "csrf_token": theirs.csrf_token()})
    assert theirs.get("/").status_code == 200
    login(admin)
    response = client.post(f"/admin/users/{checker.id}", data={"role": "editor", "active": "y"})
    assert response.status_code == 302
    assert theirs.get("/").status_code == 302
    event = session.scalar(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert event.action == "user_role_changed"
    assert '"role":"checker"' in event.before and '"role":"editor"' in event.after


def test_deactivation_ends_sessions_and_blocks_sign_in(app, client, admin, checker, login):
    theirs = app.test_client()
    theirs.post("/login", data={"email": checker.email, "password": TEST_PASSWORD,
                                "csrf_token": theirs.csrf_token()})
    login(admin)
    client.post(f"/admin/users/{checker.id}", data={"role": "checker"})  # active unticked
    assert theirs.get("/").status_code == 302
    response = theirs.post("/login", data={"email": checker.email, "password": TEST_PASSWORD,
                                           "csrf_token": theirs.csrf_token()})
    assert response.status_code == 200


def test_admin_cannot_lock_themselves_out(client, admin, login):
    login(admin)
    response = client.post(f"/admin/users/{admin.id}", data={"role": "checker", "active": "y"})
    assert "cannot remove your own admin role" in response.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 200


def test_audit_log_filters_by_actor_action_and_entity(client, admin, checker, login):
    login(checker, "wrong password for the log")
    login(admin)
    page = client.get("/admin/audit?action=login_failed").get_data(as_text=True)
    assert "checker@example.org" in page and "login failed" in page
    assert "user created" not in page
    page = client.get("/admin/audit?actor=admin%40example&action=login").get_data(as_text=True)
    assert "admin@example.org" in page
    page = client.get(f"/admin/audit?entity_type=user&entity_id={checker.id}").get_data(
        as_text=True)
    assert "user created" in page
    page = client.get("/admin/audit?since=2001-01-01&until=2001-01-02").get_data(as_text=True)
    assert "No events match." in page


def test_audit_log_escapes_hostile_usernames(client, admin, login):
    login("<script>alert(1)</script>@x.org\nforged line", "whatever it is here")
    login(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
