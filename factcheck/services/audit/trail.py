"""Append events to the tamper-evident audit trail, in the caller's
transaction: the change and its record commit or roll back together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from factcheck.database import lock_audit_chain
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.audit_chain import (
    GENESIS_HASH,
    ChainEvent,
    VerifyResult,
    canonical_json,
    compute_hash,
    scheme_for,
    verify_chain,
)
from factcheck.models.audit import AuditEvent
from factcheck.models.types import utcnow
from factcheck.services.core.actors import Actor, actor_label
from factcheck.services.core.session import DbSession

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


PENDING = "factcheck.pending_audit_events"

# FACTCHECK_AUDIT_KEY, set once at start-up (see create_app); never stored
# in the database, so its rows cannot be recomputed from the database alone.
_audit_key: bytes | None = None


def configure_key(key: str | bytes | None) -> None:
    global _audit_key
    _audit_key = key.encode("utf-8") if isinstance(key, str) else key or None


def audit_key() -> bytes | None:
    return _audit_key


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
) -> None:
    """Record one event, appended to the chain when the transaction commits
    (see ``append_pending``): the chain is locked only for the moment of
    the commit, not for the whole of the change. ``actor_name`` names an
    actor that is not logged in (a failed login's attempted email)."""
    session.flush()  # entity ids exist before they are recorded
    # Begin the transaction now if nothing has: its commit appends the event
    # and its rollback discards it.
    session.connection()
    context = audit_context.get()
    session.info.setdefault(PENDING, []).append({
        "actor_id": getattr(actor, "id", None),
        "actor": actor_name if actor_name is not None else actor_label(actor),
        "action": action.value,
        "entity_type": entity_type,
        "entity_id": _entity_id(entity_id),
        "before": canonical_json(before) if before is not None else None,
        "after": canonical_json(after) if after is not None else None,
        "context": canonical_json(context) if context else None,
    })


def append_pending(session: DbSession) -> None:
    """Append this transaction's recorded events to the chain, in order:
    lock the chain, read its head, hash each event onto it. Runs just
    before the commit, so the lock is held only for the append and the
    commit itself."""
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    lock_audit_chain(session)
    last = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    occurred_at = utcnow()
    key = _audit_key
    for fields in pending:
        event = ChainEvent(seq=seq, occurred_at=occurred_at, prev_hash=prev_hash, hash="",
                           **fields)
        digest = compute_hash(prev_hash, event.canonical(), key)
        session.add(AuditEvent(seq=seq, occurred_at=occurred_at, prev_hash=prev_hash,
                               hash=digest, scheme=scheme_for(key), **fields))
        seq, prev_hash = seq + 1, digest
    session.flush()


def discard_pending(session: DbSession) -> None:
    session.info.pop(PENDING, None)


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
    "before", "after", "context", "prev_hash", "hash", "scheme",
)


def verify(session: DbSession, anchor: tuple[int, str] | None = None,
           anchors: Sequence[tuple[int, str]] = ()) -> VerifyResult:
    return verify_chain(iter_chain(session), anchor=anchor, key=_audit_key, anchors=anchors)


def head(session: DbSession) -> tuple[int, str]:
    last = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (last.seq, last.hash) if last else (0, GENESIS_HASH)


def attach(sessions: DbSession | sessionmaker[Any]) -> None:
    """Append recorded events when ``sessions``' transactions commit, and
    drop them when they roll back: the app's session factory (``db.session``),
    not every SQLAlchemy session in the process."""
    for name, listener in (("before_commit", _on_before_commit),
                           ("after_transaction_end", _on_transaction_end)):
        if not sa.event.contains(sessions, name, listener):
            sa.event.listen(sessions, name, listener)


def _on_before_commit(session: Session) -> None:
    append_pending(session)


def _on_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # A rolled-back change takes its events with it (after a commit the
    # list is already empty).
    if transaction.parent is None:
        discard_pending(session)

