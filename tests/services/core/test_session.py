"""Column rows read on the session's own connection see what the session
has pending, as a query through the session would, and nothing when the
session was told not to flush."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.models.user import User
from factcheck.services.core.session import column_rows

NAMES = sa.select(User.display_name).where(User.id == sa.bindparam("user_id"))


def test_pending_changes_are_flushed_before_the_rows_are_read(session, checker):
    user = session.get(User, checker.id)
    user.display_name = "Renamed Before Reading"
    assert column_rows(session, NAMES, {"user_id": user.id}).scalar_one() == (
        "Renamed Before Reading")


def test_without_autoflush_the_rows_are_what_the_database_holds(session, checker):
    user = session.get(User, checker.id)
    before = user.display_name
    with session.no_autoflush:
        user.display_name = "Not Yet Written"
        assert column_rows(session, NAMES, {"user_id": user.id}).scalar_one() == before
