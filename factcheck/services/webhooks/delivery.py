"""Sending due deliveries: claim, send, record.

Unlike other services this one commits, and it must: a delivery is three
short transactions. The claim (status ``sending`` with a lease, attempts
+1) commits before the HTTP request, so no database lock is held while an
endpoint takes its time (on SQLite a write transaction holds everyone's
writes), and so two workers never send the same row at once: the claim is
one ``UPDATE ... WHERE status/lease``, which only one of them can win. The
result is recorded in a transaction of its own. Callers are workers (the
CLI loop, the job queue, the benchmark), never a web request.

At least once, not exactly once: a worker that dies after sending and
before recording loses its lease, and the row is sent again; receivers
drop repeats by the ``webhook-id`` header, the same on every attempt."""

from __future__ import annotations

import enum
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.webhooks import DeliveryStatus, RetrySchedule, signed_headers
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.session import DbSession
from factcheck.services.webhooks.sending import Answer, SendPolicy, post

if TYPE_CHECKING:
    from factcheck.config import Settings

ACTOR = SystemActor(label="webhooks")
_jitter = secrets.SystemRandom()
# What a worker holds on top of the sending time of what it claimed.
LEASE_MARGIN = timedelta(seconds=30)


@dataclass(frozen=True)
class DeliveryPolicy:
    send: SendPolicy = field(default_factory=SendPolicy)
    schedule: RetrySchedule = field(default_factory=RetrySchedule)
    # Deliveries in a row that used up every retry before the endpoint is
    # switched off.
    disable_after: int = 5


def delivery_policy(settings: Settings) -> DeliveryPolicy:
    return DeliveryPolicy(send=SendPolicy(timeout=settings.webhooks_timeout,
                                          allow_private=settings.webhooks_allow_private),
                          disable_after=settings.webhooks_disable_after)


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    RETRY = "retry"  # failed; tried again at ``next_attempt_at``
    FAILED = "failed"  # failed its last attempt
    SKIPPED = "skipped"  # not due, already delivered, taken by another worker, endpoint off


@dataclass(frozen=True)
class Result:
    delivery_id: int
    outcome: Outcome
    status_code: int | None = None
    error: str | None = None
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class _Claimed:
    """What a claimed row needs sending, read before its claim commits."""

    id: int
    attempts: int
    endpoint_id: int
    url: str
    secret: str
    event_id: str
    payload: str


def _due(now: datetime) -> sa.ColumnElement[bool]:
    """Pending and due, or claimed by a worker whose lease ran out."""
    pending = sa.and_(WebhookDelivery.status == DeliveryStatus.PENDING,
                      WebhookDelivery.next_attempt_at <= now)
    abandoned = sa.and_(WebhookDelivery.status == DeliveryStatus.SENDING,
                        WebhookDelivery.lease_until < now)
    enabled = WebhookDelivery.endpoint_id.in_(
        sa.select(WebhookEndpoint.id).where(WebhookEndpoint.enabled.is_(True)))
    return sa.and_(sa.or_(pending, abandoned), enabled)


def _claim(session: DbSession, ids: sa.Select[Any] | Sequence[int], now: datetime,
           lease: timedelta) -> list[_Claimed]:
    """Take the due rows among ``ids`` for this worker, and commit. A query
    for ids is read first, in the claim's transaction: PostgreSQL may run a
    LIMIT subquery inside an UPDATE more than once and claim past the
    limit."""
    if isinstance(ids, sa.Select):
        ids = session.scalars(ids).all()
    if not ids:
        session.commit()
        return []
    claimed = session.scalars(
        sa.update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(ids), _due(now))
        .values(status=DeliveryStatus.SENDING, lease_until=now + lease,
                attempts=WebhookDelivery.attempts + 1, last_attempt_at=now)
        .returning(WebhookDelivery.id)
        .execution_options(synchronize_session=False)).all()
    rows = session.execute(
        sa.select(WebhookDelivery.id, WebhookDelivery.attempts, WebhookDelivery.event_id,
                  WebhookDelivery.payload, WebhookEndpoint.id.label("endpoint_id"),
                  WebhookEndpoint.url, WebhookEndpoint.secret)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.id.in_(claimed)).order_by(WebhookDelivery.id)).all()
    session.commit()
    return [_Claimed(id=row.id, attempts=row.attempts, endpoint_id=row.endpoint_id,
                     url=row.url, secret=row.secret, event_id=row.event_id,
                     payload=row.payload) for row in rows]


def _send(claimed: _Claimed, now: datetime, policy: DeliveryPolicy) -> Answer:
    headers = signed_headers(claimed.secret, claimed.event_id, now, claimed.payload)
    return post(claimed.url, headers, claimed.payload.encode("utf-8"), policy.send)


def _record(session: DbSession, claimed: _Claimed, answer: Answer, now: datetime,
            policy: DeliveryPolicy, rng: Random) -> Result:
    """Write how the attempt went, and commit. Only while the row is still
    this attempt's: a worker that outlived its lease records nothing over
    the attempt that replaced it."""
    ours = sa.and_(WebhookDelivery.id == claimed.id,
                   WebhookDelivery.status == DeliveryStatus.SENDING,
                   WebhookDelivery.attempts == claimed.attempts)
    answered = {"last_status_code": answer.status, "last_error": answer.error,
                "lease_until": None}
    if answer.delivered:
        outcome, retry_at = Outcome.DELIVERED, None
        values = {**answered, "status": DeliveryStatus.DELIVERED, "delivered_at": now}
    else:
        retry_at = policy.schedule.next_attempt(claimed.attempts, now, rng)
        outcome = Outcome.RETRY if retry_at is not None else Outcome.FAILED
        values = ({**answered, "status": DeliveryStatus.PENDING, "next_attempt_at": retry_at}
                  if retry_at is not None else {**answered, "status": DeliveryStatus.FAILED})
    updated = session.execute(sa.update(WebhookDelivery).where(ours).values(**values)
                              .execution_options(synchronize_session=False))
    if getattr(updated, "rowcount", 0) == 1:
        if outcome is Outcome.DELIVERED:
            _endpoint_succeeded(session, claimed.endpoint_id)
        elif outcome is Outcome.FAILED:
            _endpoint_failed(session, claimed.endpoint_id, answer, now, policy)
    session.commit()
    return Result(claimed.id, outcome, answer.status, answer.error, retry_at)


def _endpoint_succeeded(session: DbSession, endpoint_id: int) -> None:
    session.execute(sa.update(WebhookEndpoint)
                    .where(WebhookEndpoint.id == endpoint_id,
                           WebhookEndpoint.failures_in_a_row != 0)
                    .values(failures_in_a_row=0)
                    .execution_options(synchronize_session=False))


def _endpoint_failed(session: DbSession, endpoint_id: int, answer: Answer, now: datetime,
                     policy: DeliveryPolicy) -> None:
    """One more delivery that used up its retries; enough of them in a row
    switch the endpoint off, with the reason editors will see."""
    failures = session.scalar(
        sa.update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
        .values(failures_in_a_row=WebhookEndpoint.failures_in_a_row + 1)
        .returning(WebhookEndpoint.failures_in_a_row)
        .execution_options(synchronize_session=False))
    if failures is None or failures < policy.disable_after:
        return
    reason = (f"Disabled automatically on {now:%Y-%m-%d %H:%M} UTC: {failures} deliveries "
              f"in a row failed every retry. Last error: {answer.error or 'none'}")[:500]
    switched = session.execute(
        sa.update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.enabled.is_(True))
        .values(enabled=False, disabled_reason=reason, disabled_at=now)
        .execution_options(synchronize_session=False))
    if getattr(switched, "rowcount", 0) == 1:
        audit.record(session, ACTOR, AuditAction.WEBHOOK_ENDPOINT_DISABLED, "webhook_endpoint",
                     endpoint_id, before={"enabled": True},
                     after={"enabled": False, "reason": reason})


def _lease(policy: DeliveryPolicy, rows: int) -> timedelta:
    """Long enough to send every claimed row at its time limit."""
    return timedelta(seconds=policy.send.timeout * max(rows, 1)) + LEASE_MARGIN


def deliver(session: DbSession, delivery_id: int, now: datetime, *,
            policy: DeliveryPolicy, rng: Random | None = None) -> Result:
    """Send one delivery if it is due. Idempotent: a delivered (or failed,
    or not yet due, or another worker's) row is left alone (SKIPPED)."""
    claimed = _claim(session, [delivery_id], now, _lease(policy, 1))
    if not claimed:
        return Result(delivery_id, Outcome.SKIPPED)
    return _send_and_record(session, claimed[0], now, policy, rng or _jitter)


def deliver_due(session: DbSession, now: datetime, limit: int, *,
                policy: DeliveryPolicy, rng: Random | None = None) -> list[Result]:
    """Claim up to ``limit`` due deliveries, oldest due first, and send
    them one by one. Another worker running this at the same time claims
    other rows (PostgreSQL skips the rows being claimed; SQLite runs one
    claim at a time)."""
    due = (sa.select(WebhookDelivery.id).where(_due(now))
           .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed = _claim(session, due, now, _lease(policy, limit))
    return [_send_and_record(session, row, now, policy, rng or _jitter) for row in claimed]


def _send_and_record(session: DbSession, claimed: _Claimed, now: datetime,
                     policy: DeliveryPolicy, rng: Random) -> Result:
    return _record(session, claimed, _send(claimed, now, policy), now, policy, rng)
