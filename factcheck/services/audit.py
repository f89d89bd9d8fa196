"""Append events to the tamper-evident audit trail, in the caller's
transaction: the change and its record commit or roll back together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa

from factcheck.database import lock_audit_chain
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.audit_chain import (
    GENESIS_HASH,
    ChainEvent,
    VerifyResult,
    canonical_json,
    compute_hash,
    verify_chain,
)
from factcheck.models.audit import AuditEvent
from factcheck.models.types import utcnow
from factcheck.services.actors import Actor, actor_label
from factcheck.services.session import DbSession

# Who and where, set by the web layer per request (address, user agent),
# so services need not know about HTTP.
audit_context: ContextVar[Mapping[str, Any] | None] = ContextVar("audit_context", default=None)


@contextmanager
def audit_context_set(values: Mapping[str, Any]) -> Iterator[None]:
    token = audit_context.set(values)
    try:
        yield
    finally:
        audit_context.reset(token)


def _entity_id(entity_id: object) -> str | None:
    return None if entity_id is None else str(entity_id)


def record(
    session: DbSession,
    actor: Actor | None,
    action: AuditAction,
    entity_type: str,
    entity_id: object = None,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
    """Append one event. ``actor_name`` names an actor that is not logged in
    (a failed login's attempted email)."""
    session.flush()  # entity ids exist before they are recorded
    lock_audit_chain(session)
    last = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    context = audit_context.get()
    event = ChainEvent(
        seq=seq,
        occurred_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor=actor_name if actor_name is not None else actor_label(actor),
        action=action.value,
        entity_type=entity_type,
        entity_id=_entity_id(entity_id),
        before=canonical_json(before) if before is not None else None,
        after=canonical_json(after) if after is not None else None,
        context=canonical_json(context) if context else None,
        prev_hash=prev_hash,
        hash="",
    )
    row = AuditEvent(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor=event.actor,
        action=event.action,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        before=event.before,
        after=event.after,
        context=event.context,
        prev_hash=prev_hash,
        hash=compute_hash(prev_hash, event.canonical()),
    )
    session.add(row)
    session.flush()
    return row


def iter_chain(session: DbSession, batch: int = 2000) -> Iterator[ChainEvent]:
    """All events in seq order, read as plain rows in batches: memory stays
    flat and nothing lands in the session's identity map."""
    table = AuditEvent.__table__
    last_seq = 0
    while True:
        rows = session.execute(
            sa.select(table).where(table.c.seq > last_seq).order_by(table.c.seq).limit(batch)
        ).mappings().all()
        if not rows:
            return
        for row in rows:
            yield ChainEvent(**{name: row[name] for name in _CHAIN_FIELDS})
        last_seq = rows[-1]["seq"]


_CHAIN_FIELDS = (
    "seq", "occurred_at", "actor_id", "actor", "action", "entity_type", "entity_id",
    "before", "after", "context", "prev_hash", "hash",
)


def verify(session: DbSession, anchor: tuple[int, str] | None = None) -> VerifyResult:
    return verify_chain(iter_chain(session), anchor=anchor)


def head(session: DbSession) -> tuple[int, str]:
    last = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (last.seq, last.hash) if last else (0, GENESIS_HASH)
