"""Throwaway databases for the test run: a file for SQLite, a uniquely
named database on the configured PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from factcheck.scratch_db import scratch_postgres_database

BACKENDS = ["sqlite", "postgresql"]
PG_ENV = "FACTCHECK_TEST_DATABASE_URL"
# CI sets it: without a PostgreSQL server the run fails instead of quietly
# running its SQLite half only.
REQUIRE_PG_ENV = "FACTCHECK_REQUIRE_POSTGRES"
PG_MISSING = (f"PostgreSQL run skipped: set {PG_ENV} "
              "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run it")


def postgres_required() -> bool:
    return bool(os.environ.get(REQUIRE_PG_ENV))


def require_postgres_if_asked() -> None:
    """Fail the whole run up front when PostgreSQL is required but not named
    (a server that is named but unreachable fails every test that uses it)."""
    if postgres_required() and not os.environ.get(PG_ENV):
        raise pytest.UsageError(f"{REQUIRE_PG_ENV} is set but {PG_ENV} is not: "
                                "the PostgreSQL half of the suite cannot run")


def postgres_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if postgres_required():
            pytest.fail(PG_MISSING)
        pytest.skip(PG_MISSING)
    return url


@contextmanager
def temporary_database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'factcheck-test.sqlite3'}"
        return
    with scratch_postgres_database(postgres_base_url(), "factcheck_test") as url:
        yield url
