"""The session type services accept: a plain SQLAlchemy session, or the
app's scoped session (which forwards every call to the current one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias, TypeVarTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.sql.selectable import TypedReturnsRows

DbSession: TypeAlias = Session | scoped_session[Any]
Columns = TypeVarTuple("Columns")


def column_rows(session: DbSession, statement: TypedReturnsRows[*Columns],
                params: Mapping[str, Any]) -> sa.CursorResult[*Columns]:
    """The rows of a statement that selects columns, not mapped objects,
    run on the session's own connection and transaction. Past the ORM's
    execution layer, which such a statement does not need and which cost
    a third of running it (an article's claim lines: 0.35 against 0.26 ms;
    the article and review pages run such statements on every request).
    Pending changes are flushed first, as the session would before a query."""
    own = session() if isinstance(session, scoped_session) else session
    if own.autoflush:
        own.flush()  # returns at once when nothing is pending
    return own.connection().execute(statement, params)
