"""The factcheck command: users, the audit chain, the demo."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner
from flask.cli import ScriptInfo

from factcheck.cli import main
from factcheck.config import SETTINGS_KEY, settings_of
from factcheck.demo.seed import DEMO_USERS
from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from factcheck.models.user import User


def test_user_add_reads_password_from_stdin_and_normalizes_email(app, runner, session):
    result = runner.invoke(args=["user", "add", "New.Checker@Example.org", "--role", "checker"],
                           input="a perfectly fine passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Added new.checker@example.org (checker)" in result.output
    user = session.scalar(sa.select(User).where(User.email == "new.checker@example.org"))
    assert user is not None and user.role.value == "checker"
    event = session.scalar(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert event.action == "user_created"
    assert event.actor.startswith("cli:")
    assert "passphrase" not in (event.after or "")


def test_user_add_refuses_short_password_and_saves_nothing(runner, session):
    result = runner.invoke(args=["user", "add", "x@example.org", "--role", "editor"],
                           input="short\n")
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert session.scalar(sa.select(sa.func.count(User.id))) == 0
    assert session.scalar(sa.select(sa.func.count(AuditEvent.seq))) == 0


def test_user_add_has_no_password_argument(runner):
    result = runner.invoke(args=["user", "add", "x@example.org", "--role", "editor",
                                 "--password", "a perfectly fine passphrase"])
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_audit_verify_and_head(runner, checker, session):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 1 events")
    head = runner.invoke(args=["audit", "head"]).output.strip()
    seq, digest = head.split(":")
    assert seq == "1" and len(digest) == 64
    assert runner.invoke(args=["audit", "verify", "--anchor", head]).exit_code == 0
    bad = runner.invoke(args=["audit", "verify", "--anchor", "nonsense"])
    assert bad.exit_code == 2


def test_audit_verify_fails_naming_the_altered_seq(app, runner, make_user, backend):
    for number in range(3):
        make_user(email=f"person{number}@example.org")
    with app.app_context():
        if backend == "sqlite":
            db.session.execute(sa.text("DROP TRIGGER audit_events_no_update"))
        else:
            db.session.execute(sa.text(
                "DROP TRIGGER audit_events_no_update_delete ON audit_events"))
        db.session.execute(sa.text("UPDATE audit_events SET actor = 'nobody' WHERE seq = 2"))
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "BROKEN at seq 2" in result.output


def test_demo_loads_once_and_prints_logins(fresh_app):
    runner = fresh_app.test_cli_runner()
    first = runner.invoke(args=["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "Loaded demo data" in first.output
    for login in DEMO_USERS:
        assert login.email in first.output and login.password in first.output
    second = runner.invoke(args=["demo", "--no-serve"])
    assert second.exit_code == 0
    assert "already present" in second.output
    verify = runner.invoke(args=["audit", "verify"])
    assert verify.exit_code == 0, verify.output

    client = fresh_app.test_client()
    login = DEMO_USERS[0]
    response = client.post("/login", data={"email": login.email, "password": login.password,
                                           "csrf_token": client.csrf_token()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_help_lists_only_our_commands_and_the_readme_gives_the_port(app):
    def invoke(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))
        assert result.exit_code == 0, result.output
        return result.output

    listed = invoke("--help")
    words = set(listed.split("Commands:", 1)[1].split())
    assert {"audit", "db", "demo", "export", "extract", "import", "user"} <= words
    assert not {"limiter", "routes", "run", "shell"} & words
    assert "--env-file" not in listed and "--app" not in listed
    assert "--port" in invoke("demo", "--help")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "factcheck demo --port" in readme


def test_demo_refuses_a_production_configuration(fresh_app):
    fresh_app.config[SETTINGS_KEY] = dataclasses.replace(settings_of(fresh_app.config),
                                                         production=True)
    result = fresh_app.test_cli_runner().invoke(args=["demo", "--no-serve"])
    assert result.exit_code != 0
    assert "refuses a production configuration" in result.output
    assert "demo-desk" not in result.output  # no published password printed
    with fresh_app.app_context():
        # Nothing was created: not even the tables.
        assert not sa.inspect(db.engine).has_table("users")


def test_demo_refuses_a_database_with_real_users(fresh_app):
    from flask_migrate import upgrade

    from tests.support.factories import make_user

    with fresh_app.app_context():
        upgrade()
        make_user(db.session, email="reporter@newsroom.example", role="admin")
    result = fresh_app.test_cli_runner().invoke(args=["demo", "--no-serve"])
    assert result.exit_code != 0
    assert "reporter@newsroom.example" in result.output
    with fresh_app.app_context():
        emails = db.session.scalars(sa.select(User.email)).all()
    assert emails == ["reporter@newsroom.example"]
