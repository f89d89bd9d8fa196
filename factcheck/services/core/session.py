"""The session type services accept: a plain SQLAlchemy session, or the
app's scoped session (which forwards every call to the current one)."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy.orm import Session, scoped_session

DbSession: TypeAlias = Session | scoped_session[Any]
