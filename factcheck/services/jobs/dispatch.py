"""Handing committed jobs to the queue engine, right after the commit.

The ledger row is the job; the queue engine only carries its id to a
worker. Ids are collected per session as jobs are enqueued and handed over
by an ``after_commit`` listener: never before the commit (a worker would
find no row), never after a rollback (there is no job). If handing over
fails (Redis down), nothing is lost: the row stays queued and a worker's
sweeper hands it over later."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, SessionTransaction, scoped_session, sessionmaker

from factcheck.services.core.session import DbSession

PENDING = "factcheck.jobs_to_dispatch"
Dispatcher = Callable[[Sequence[int]], None]

log = logging.getLogger(__name__)

# Set once at start-up (create_app); none means ids wait for a sweeper.
_dispatcher: Dispatcher | None = None


def configure(dispatcher: Dispatcher | None) -> None:
    global _dispatcher
    _dispatcher = dispatcher


def attach(sessions: DbSession | sessionmaker[Any]) -> None:
    """Hand over enqueued ids when ``sessions``' transactions commit."""
    for name, listener in (("after_commit", _on_commit),
                           ("after_transaction_end", _on_transaction_end)):
        if not sa.event.contains(sessions, name, listener):
            sa.event.listen(sessions, name, listener)


def after_commit(session: DbSession, job_id: int) -> None:
    """Hand ``job_id`` to the queue engine once this transaction commits
    (the outermost one: a savepoint rolled back takes its jobs with it)."""
    own = session() if isinstance(session, scoped_session) else session
    current = own.get_nested_transaction() or own.get_transaction()
    own.info.setdefault(PENDING, {}).setdefault(current, []).append(job_id)


def hand_over(ids: Sequence[int]) -> None:
    """Give ``ids`` to the queue engine now; a failure is logged, not raised
    (the sweeper hands them over later)."""
    if not ids or _dispatcher is None:
        return
    try:
        _dispatcher(ids)
    except Exception:
        log.warning("could not hand jobs %s to the queue; the sweeper will", list(ids),
                    exc_info=True)


def _on_commit(session: Session) -> None:
    pending = session.info.get(PENDING, {})
    savepoint = session.get_nested_transaction()
    if savepoint is not None:
        # A savepoint released: its jobs now stand or fall with its parent.
        ids = pending.pop(savepoint, [])
        if ids and savepoint.parent is not None:
            pending.setdefault(savepoint.parent, []).extend(ids)
        return
    session.info.pop(PENDING, None)
    # Each job once, however often the transaction touched it.
    hand_over(list(dict.fromkeys(job_id for ids in pending.values() for job_id in ids)))


def _on_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # Whatever is still kept under an ended transaction was rolled back.
    pending = session.info.get(PENDING)
    if pending is not None:
        pending.pop(transaction, None)
        if transaction.parent is None:
            session.info.pop(PENDING, None)
