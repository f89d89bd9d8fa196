"""Count the SQL statements a block of code sends to the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from factcheck.extensions import db


class StatementLog:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(engine: Engine) -> Iterator[StatementLog]:
    log = StatementLog()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # Savepoints are the test harness's, not the page's.
        if "SAVEPOINT" not in statement.upper():
            log.statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def page_and_statements(app: Any, client: Any, url: str) -> tuple[str, list[str]]:
    """One GET of ``url``: the page and the statements it sent, the
    harness's savepoints aside."""
    with app.app_context():
        engine = db.engine
    with count_statements(engine) as log:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True), log.statements


def statements_for(app: Any, client: Any, url: str) -> int:
    """How many statements one GET of ``url`` sends."""
    return len(page_and_statements(app, client, url)[1])
