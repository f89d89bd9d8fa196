"""Shared fixtures: a migrated database per backend, one outer transaction
per test (rolled back afterwards), clients, users and CSRF-aware posting.

The suite runs on SQLite always and again on PostgreSQL when
FACTCHECK_TEST_DATABASE_URL names a server; each run makes its own
uniquely named database there and drops it afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.orm import Session

from factcheck import create_app
from factcheck.database import only_reading
from factcheck.extensions import db, limiter
from factcheck.models.user import User
from tests.support.config import make_test_config
from tests.support.coverage_gate import lift_gate_for_narrowed_runs
from tests.support.databases import (
    BACKENDS,
    PG_ENV,
    require_postgres_if_asked,
    temporary_database,
)
from tests.support.web import CsrfClient

TEST_PASSWORD = "correct horse battery staple 9"


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with temporary_database(backend, tmp_path_factory.mktemp(f"db-{backend}")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(make_test_config(database_url, tmp_path_factory.mktemp("instance")))
    application.test_client_class = CsrfClient
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


# On PostgreSQL, work declared read-only (a GET's transaction) runs in a
# READ ONLY transaction and ends with COMMIT (factcheck/database.py): the
# server refuses any write in it. Here every request runs inside the test's
# outer transaction, as a savepoint, where PostgreSQL cannot make a
# read-only part; so the suite refuses the same writes itself: a write in a
# savepoint begun while only reading fails as it would in production.
_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE")
# Also refused in a read-only transaction: row locks, and writes in a WITH.
_ALSO_REFUSED = re.compile(r"\bFOR (?:NO KEY )?(?:UPDATE|SHARE)\b"
                           r"|^WITH\b.*\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.DOTALL)


@sa.event.listens_for(sa.engine.Engine, "savepoint")
def _savepoint_begun(connection: Any, _name: str) -> None:
    connection.info.setdefault("read_only_savepoints", []).append(only_reading())


@sa.event.listens_for(sa.engine.Engine, "release_savepoint")
@sa.event.listens_for(sa.engine.Engine, "rollback_savepoint")
def _savepoint_ended(connection: Any, _name: str, _context: Any) -> None:
    connection.info["read_only_savepoints"].pop()


@sa.event.listens_for(sa.engine.Engine, "before_cursor_execute")
def _refuse_writes_when_read_only(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
    modes = connection.info.get("read_only_savepoints")
    if (modes and modes[-1] and connection.dialect.name == "postgresql"
            and (statement.lstrip().upper().startswith(_WRITES)
                 or _ALSO_REFUSED.search(statement.lstrip().upper()))):
        raise AssertionError("a write in a transaction begun read-only (a GET's): PostgreSQL "
                             f"refuses it in production: {statement[:120]}")


@pytest.fixture(autouse=True)
def _isolated(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test that touches the app runs inside one outer transaction
    that is rolled back afterwards; commits inside become savepoints.

    No app context stays pushed while the test runs: each request must get
    its own, as in production (else ``g`` and the session leak between
    requests and hide bugs)."""
    if "app" not in request.fixturenames:
        yield
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        limiter.reset()
        connection = db.engine.connect()
        outer = connection.begin()
        db.session.remove()
        db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    request.node.db_connection = connection
    try:
        yield
    finally:
        with application.app_context():
            db.session.remove()
            db.session.configure(bind=None)
        if outer.is_active:
            outer.rollback()
        connection.close()


@pytest.fixture
def session(app: Flask, request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session of the test's own on the test's connection, for arranging
    and inspecting data; requests use theirs."""
    with db.session.session_factory(bind=request.node.db_connection,
                                    join_transaction_mode="create_savepoint") as own:
        yield own


@pytest.fixture
def client(app: Flask) -> CsrfClient:
    client = app.test_client()
    assert isinstance(client, CsrfClient)
    return client


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Any:
    from tests.support.factories import make_user as factory

    def make(**kwargs: Any) -> User:
        with app.app_context():
            return factory(db.session, **kwargs)

    return make


@pytest.fixture
def checker(make_user: Any) -> User:
    return make_user(email="checker@example.org", role="checker")


@pytest.fixture
def editor(make_user: Any) -> User:
    return make_user(email="editor@example.org", role="editor")


@pytest.fixture
def admin(make_user: Any) -> User:
    return make_user(email="admin@example.org", role="admin")


@pytest.fixture
def login(client: FlaskClient) -> Any:
    def do_login(user_or_email: User | str, password: str = TEST_PASSWORD) -> Any:
        email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
        return client.post("/login", data={"email": email, "password": password})

    return do_login


def pytest_configure(config: pytest.Config) -> None:
    require_postgres_if_asked()
    lift_gate_for_narrowed_runs(config)


def pytest_report_header(config: pytest.Config) -> str:
    if os.environ.get(PG_ENV):
        return f"databases: SQLite and PostgreSQL ({PG_ENV} is set)"
    return (f"databases: SQLite only. PostgreSQL run skipped: set {PG_ENV} "
            "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run it.")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a PostgreSQL server, drop its half of the run up front (the
    header says so once) rather than reporting a skip per test."""
    if os.environ.get(PG_ENV):
        return
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgresql":
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def fresh_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a brand-new, empty database of its own, with real commits:
    for migrations, the CLI's demo and anything that needs its own engine."""
    with temporary_database(backend, tmp_path) as url:
        application = create_app(make_test_config(url, tmp_path / "instance"))
        application.test_client_class = CsrfClient
        yield application
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app served over HTTP on a SQLite database of its own, with real
    commits, for the browser tests. Seeded with one user per role."""
    from tests.support.browser import require_chromium, serve
    from tests.support.factories import make_user as factory

    require_chromium()
    folder = tmp_path_factory.mktemp("live")
    config = make_test_config(f"sqlite:///{folder / 'live.sqlite3'}", folder / "instance")
    config.pop("SERVER_NAME")
    application = create_app(config)
    with application.app_context():
        upgrade()
        for role in ("checker", "editor", "admin"):
            factory(db.session, email=f"{role}@live.example", role=role,
                    name=f"Live {role.capitalize()}")
        factory(db.session, email="checker2@live.example", role="checker", name="Second Checker")
    yield from serve(application)
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_browser

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_login(page: Any) -> Any:
    def sign_in(email: str, password: str = TEST_PASSWORD) -> Any:
        page.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        return page

    return sign_in
