"""SQL building blocks the dashboard's queries share: the few expressions
that differ between SQLite and PostgreSQL, and how a claim is sourced."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from factcheck.domain.sources import SourceKind
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.source import Source
from factcheck.services.core.session import DbSession


def dialect_of(session: DbSession) -> str:
    return session.get_bind().dialect.name


def day_of(dialect: str, column: Any) -> Any:
    """The UTC calendar day of a timestamp, grouped on in SQL so only one
    row per day comes back."""
    if dialect == "postgresql":
        return sa.cast(sa.func.timezone("UTC", column), sa.Date)
    return sa.func.date(column)


def as_date(value: date | str) -> date:
    # SQLite's date() returns text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def days_between(dialect: str, start: Any, end: Any) -> Any:
    """Elapsed days (fractional) from start to end, computed in SQL so no
    timestamps need converting in Python."""
    if dialect == "postgresql":
        return sa.func.extract("epoch", end - start) / 86400.0
    return sa.func.julianday(end) - sa.func.julianday(start)


def per_claim_sources() -> Any:
    """Per claim with a chain: how many distinct sources it rests on, and
    whether any is anonymous (1/0). Claims without a chain have no row."""
    return (sa.select(Attribution.claim_id.label("claim_id"),
                      sa.func.count(sa.distinct(AttributionHop.source_id)).label("sources"),
                      sa.func.max(sa.case((Source.kind == SourceKind.ANONYMOUS, 1), else_=0))
                      .label("anonymous"))
            .join(AttributionHop, AttributionHop.attribution_id == Attribution.id)
            .join(Source, Source.id == AttributionHop.source_id)
            .group_by(Attribution.claim_id).subquery())
