"""Where webhooks meet the job queue (``factcheck.services.jobs``).

Every delivery is a row in ``webhook_deliveries``, and each of its attempts
is a job:

- when events are recorded (``events.record_event``, in the transaction of
  the change), each delivery row gets a job in that same transaction, keyed
  by the row, so a second enqueue of the same row is a no-op;
- the handler (registered when a worker imports this module, see
  ``factcheck.worker.queue.HANDLER_MODULES``) runs ``delivery.deliver``,
  which sends the row only if it is due and nobody else holds it, and
  records the outcome in the job's transaction;
- a failed attempt with retries left has its next time chosen by the
  webhook retry schedule (seconds, then minutes, then hours), longer and
  finer than the queue's own back-off: the handler enqueues the next
  attempt as a new job due then, keyed by the row and that time, and the
  attempt's job itself succeeds (the delivery log, not the job list, says
  how the endpoint answered).

``factcheck webhooks deliver`` still sends whatever is due without the
queue (from cron, or when no worker runs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from factcheck.domain.jobs import JobKind
from factcheck.domain.webhooks import DeliveryStatus
from factcheck.models.webhook import WebhookDelivery
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.session import DbSession
from factcheck.services.jobs import enqueue, register_handler
from factcheck.services.jobs.handlers import JobContext

ACTOR = SystemActor(label="webhooks")


def deliveries_recorded(session: DbSession, delivery_ids: Sequence[int]) -> None:
    for delivery_id in delivery_ids:
        _enqueue(session, delivery_id, None)


def _enqueue(session: DbSession, delivery_id: int, due: datetime | None) -> None:
    key = f"webhook-delivery:{delivery_id}"
    if due is not None:
        key += f":{due.isoformat(timespec='seconds')}"
    enqueue(session, ACTOR, JobKind.WEBHOOK_DELIVERY, {"delivery_id": delivery_id}, key,
            run_after=due)


def deliver_job(context: JobContext) -> dict[str, Any]:
    from factcheck.services.webhooks import delivery

    delivery_id = int(context.payload["delivery_id"])
    result = delivery.deliver(context.session, delivery_id, context.now,
                              policy=delivery.delivery_policy(context.settings))
    if result.outcome is delivery.Outcome.RETRY and result.next_attempt_at is not None:
        _enqueue(context.session, delivery_id, result.next_attempt_at)
    elif result.outcome is delivery.Outcome.SKIPPED:
        # This job may be a re-run after its worker died between recording
        # a failed attempt and enqueueing the next: enqueue it now (the key
        # makes this a no-op when it is there already).
        waiting = context.session.execute(
            sa.select(WebhookDelivery.next_attempt_at)
            .where(WebhookDelivery.id == delivery_id,
                   WebhookDelivery.status == DeliveryStatus.PENDING)).scalar_one_or_none()
        if waiting is not None and waiting > context.now:
            _enqueue(context.session, delivery_id, waiting)
    return {"outcome": result.outcome.value, "status_code": result.status_code}


register_handler(JobKind.WEBHOOK_DELIVERY, deliver_job)
