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


def postgres_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL run skipped: set {PG_ENV} "
                    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run it")
    return url


@contextmanager
def temporary_database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'factcheck-test.sqlite3'}"
        return
    with scratch_postgres_database(postgres_base_url(), "factcheck_test") as url:
        yield url
