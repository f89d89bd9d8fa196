"""Whether the service can work at all: the load balancer's question."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.services.core.session import DbSession


def check_database(session: DbSession) -> None:
    """Raises if the database does not answer."""
    session.execute(sa.select(1))
