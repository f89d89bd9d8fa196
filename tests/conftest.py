"""Shared fixtures: a migrated database per backend, one outer transaction
per test (rolled back afterwards), clients, users and CSRF-aware posting.

The suite runs on SQLite always and again on PostgreSQL when
FACTCHECK_TEST_DATABASE_URL names a server; each run makes its own
uniquely named database there and drops it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.orm import Session

from factcheck import create_app
from factcheck.extensions import db, limiter
from factcheck.models.user import User
from tests.support.databases import BACKENDS, PG_ENV, temporary_database
from tests.support.web import CsrfClient

TEST_PASSWORD = "correct horse battery staple 9"


def test_config(database_url: str, instance: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "INSTANCE_PATH": str(instance),
        # Cheap hashes: the tests are about behaviour, not brute-force cost.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "ARGON2_PARALLELISM": 1,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": "factcheck.test",
    }


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with temporary_database(backend, tmp_path_factory.mktemp(f"db-{backend}")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str, backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(test_config(database_url, tmp_path_factory.mktemp("instance")))
    application.test_client_class = CsrfClient
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


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
    with Session(bind=request.node.db_connection,
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
