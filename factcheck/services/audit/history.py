"""The history of a claim or an article as sentences (see
factcheck.domain.history): the audit events about the claims, their reviews
and their verdicts, with people's names, and only the reviews the reader
may see under blind review."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from factcheck.domain.history import Entry, Event, Reader, describe
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import row_id_in_range
from factcheck.services.review import reviews

T = TypeVar("T", Article, Claim)


def claim_history(session: DbSession, actor: Actor, claim_id: int,
                  required: int) -> tuple[Claim, list[Entry]]:
    claim = _found(session, actor, Claim, claim_id)
    return claim, _history(session, actor, [claim], required)


def article_history(session: DbSession, actor: Actor, article_id: int,
                    required: int) -> tuple[Article, list[Entry]]:
    """The article's own events and all of its claims'."""
    article = _found(session, actor, Article, article_id)
    claims = session.scalars(sa.select(Claim).where(Claim.article_id == article_id)).all()
    return article, _history(session, actor, claims, required, article_id=article_id)


def _found(session: DbSession, actor: Actor, model: type[T], row_id: int) -> T:
    require(actor, Permission.VIEW_HISTORY)
    row = session.get(model, row_id) if row_id_in_range(row_id) else None
    if row is None:
        raise NotFound(f"No such {model.__name__.lower()}.")
    return row


def _ids(values: Iterable[int]) -> list[str]:
    return [str(value) for value in values]


def _history(session: DbSession, actor: Actor, claims: Sequence[Claim], required: int,
             article_id: int | None = None) -> list[Entry]:
    claim_ids = [claim.id for claim in claims]
    review_ids = session.scalars(sa.select(Review.id).where(Review.claim_id.in_(claim_ids))).all()
    verdict_ids = session.scalars(
        sa.select(Verdict.id).where(Verdict.claim_id.in_(claim_ids))).all()
    about = [
        sa.and_(AuditEvent.entity_type == "claim", AuditEvent.entity_id.in_(_ids(claim_ids))),
        sa.and_(AuditEvent.entity_type == "review", AuditEvent.entity_id.in_(_ids(review_ids))),
        sa.and_(AuditEvent.entity_type == "verdict",
                AuditEvent.entity_id.in_(_ids(verdict_ids))),
    ]
    if article_id is not None:
        about.append(sa.and_(AuditEvent.entity_type == "article",
                             AuditEvent.entity_id == str(article_id)))
    rows = session.scalars(sa.select(AuditEvent).where(sa.or_(*about))
                           .order_by(AuditEvent.seq)).all()
    events = [_event(row) for row in rows]
    visible: set[int] = set()
    for claim in claims:  # the same rule as the claim page: blind until the reviews are in
        visible |= {review.id for review in
                    reviews.visible_reviews(session, actor, claim, required).reviews}
    return describe(events, Reader(names=_names(session, events), visible_reviews=frozenset(
        visible)))


def _snapshot(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _event(row: AuditEvent) -> Event:
    return Event(seq=row.seq, occurred_at=row.occurred_at, actor_id=row.actor_id,
                 actor=row.actor, action=row.action, entity_type=row.entity_type,
                 entity_id=row.entity_id, before=_snapshot(row.before),
                 after=_snapshot(row.after))


def _names(session: DbSession, events: Sequence[Event]) -> dict[int, str]:
    """Display names of everyone the events mention: actors and assignees."""
    wanted = {event.actor_id for event in events if event.actor_id is not None}
    for event in events:
        for snapshot in (event.before, event.after):
            person = (snapshot or {}).get("assignee_id")
            if isinstance(person, int):
                wanted.add(person)
    if not wanted:
        return {}
    rows = session.execute(sa.select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}
