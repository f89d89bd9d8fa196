"""Reading the audit trail: the admin log with filters. (The history of
one article or claim is told in sentences: services/history.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

import sqlalchemy as sa

from factcheck.domain.roles import Permission
from factcheck.models.audit import AuditEvent
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.pages import Page, paginate
from factcheck.services.core.search import contains_text
from factcheck.services.core.session import DbSession

PAGE_SIZE = 50
T = TypeVar("T")
MAX_PAGE = 100_000


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    entity_type: str = ""
    entity_id: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def search(session: DbSession, actor: Actor, filters: AuditFilters,
           page: int = 1) -> Page[AuditEvent]:
    """Newest first, keyset-free paging is fine here: the admin log is read
    near its head, and seq is the primary key."""
    require(actor, Permission.VIEW_AUDIT_LOG)
    query = sa.select(AuditEvent)
    if filters.actor:
        query = query.where(contains_text(AuditEvent.actor, filters.actor))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.entity_type:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    if filters.entity_id:
        query = query.where(AuditEvent.entity_id == filters.entity_id)
    if filters.since:
        query = query.where(AuditEvent.occurred_at >= _day_start(filters.since))
    if filters.until:
        query = query.where(AuditEvent.occurred_at < _day_start(filters.until + timedelta(days=1)))
    # MAX_PAGE: beyond any real log, and keeps OFFSET within the database's integers.
    return paginate(session, query.order_by(AuditEvent.seq.desc()), page, PAGE_SIZE,
                    max_page=MAX_PAGE)

