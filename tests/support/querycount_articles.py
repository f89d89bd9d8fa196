"""Counting the SQL statements a request runs, to prove a page's query
count does not grow with the data it shows (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask

from factcheck.extensions import db


@contextmanager
def count_statements(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def statements_for(app: Flask, client: Any, url: str) -> int:
    with count_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    # Savepoints are the test harness's, not the page's.
    return sum(1 for statement in statements if "SAVEPOINT" not in statement.upper())
