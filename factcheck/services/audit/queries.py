"""Reading the audit trail: the admin log with filters, and the history
of one article or claim."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

import sqlalchemy as sa

from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound
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


@dataclass(frozen=True)
class History:
    subject: str  # what the history is of, as a heading says it
    events: Sequence[AuditEvent]


def article_history(session: DbSession, actor: Actor, article_id: int) -> History:
    article = _subject(session, actor, Article, article_id, "No such article.")
    return History(f"Article: {article.title}",
                   entity_history(session, actor, "article", article_id))


def claim_history(session: DbSession, actor: Actor, claim_id: int) -> History:
    claim = _subject(session, actor, Claim, claim_id, "No such claim.")
    return History(f"Claim: {claim.text[:120]}",
                   entity_history(session, actor, "claim", claim_id))


def _subject(session: DbSession, actor: Actor, model: type[T], entity_id: int,
             missing: str) -> T:
    require(actor, Permission.VIEW_HISTORY)
    found = session.get(model, entity_id)
    if found is None:
        raise NotFound(missing)
    return found


def entity_history(session: DbSession, actor: Actor, entity_type: str,
                   entity_id: int) -> Sequence[AuditEvent]:
    """Every event about one entity, oldest first. An article's history
    includes its claims' events, since that is what a reader asks for."""
    require(actor, Permission.VIEW_HISTORY)
    condition = sa.and_(AuditEvent.entity_type == entity_type,
                        AuditEvent.entity_id == str(entity_id))
    if entity_type == "article":
        claim_ids = sa.select(sa.cast(Claim.id, sa.String)).where(Claim.article_id == entity_id)
        condition = sa.or_(condition, sa.and_(AuditEvent.entity_type == "claim",
                                              AuditEvent.entity_id.in_(claim_ids)))
    return session.scalars(
        sa.select(AuditEvent).where(condition).order_by(AuditEvent.seq)
    ).all()
