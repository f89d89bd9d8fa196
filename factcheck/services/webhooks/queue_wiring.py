"""The one place webhooks meet the job queue (``factcheck.services.jobs``,
built on another branch). Until that package is in the tree this module
does nothing, and deliveries are sent by ``factcheck webhooks deliver``
(run it from cron, or with ``--loop``): every delivery is a row in
``webhook_deliveries``, so nothing is lost either way.

With the queue, the wiring is:

- when events are recorded (``events.record_event``, in the transaction of
  the change), each delivery row gets a job in the same transaction:
  ``jobs.enqueue(session, ACTOR, jobs.JobKind.WEBHOOK_DELIVERY,
  {"delivery_id": id}, key=f"webhook-delivery:{id}")``; the key makes a
  second enqueue of the same row a no-op;
- at start-up, ``register(settings)`` calls
  ``jobs.register_handler(jobs.JobKind.WEBHOOK_DELIVERY, handler)``; the
  handler runs ``delivery.deliver`` (idempotent: a delivered row is never
  sent again) and, when the attempt failed with retries left, raises
  ``jobs.RetryLater`` with the back-off the retry schedule chose, so the
  queue runs the job again then.

The handler is written for ``handler(session, payload)``; if the queue
calls handlers differently, only ``_handler`` below changes."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from factcheck.models.types import utcnow
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.session import DbSession

if TYPE_CHECKING:
    from factcheck.config import Settings

ACTOR = SystemActor(label="webhooks")
JOBS_MODULE = "factcheck.services.jobs"


def jobs_module() -> ModuleType | None:
    """The job queue's package, or None on a tree without it."""
    try:
        return importlib.import_module(JOBS_MODULE)
    except ModuleNotFoundError as error:
        if error.name is not None and JOBS_MODULE.startswith(error.name):
            return None
        raise  # the queue is there but broken: say so, do not go quiet


def deliveries_recorded(session: DbSession, delivery_ids: Sequence[int]) -> None:
    jobs = jobs_module()
    if jobs is None:
        return
    for delivery_id in delivery_ids:
        jobs.enqueue(session, ACTOR, jobs.JobKind.WEBHOOK_DELIVERY,
                     {"delivery_id": delivery_id}, f"webhook-delivery:{delivery_id}")


def register(settings: Settings) -> bool:
    """Hand webhook delivery jobs to ``delivery.deliver``; False when there
    is no queue to register with."""
    jobs = jobs_module()
    if jobs is None:
        return False
    jobs.register_handler(jobs.JobKind.WEBHOOK_DELIVERY, _handler(jobs, settings))
    return True


def _handler(jobs: ModuleType, settings: Settings,
             ) -> Callable[[DbSession, dict[str, Any]], None]:
    from factcheck.services.webhooks import delivery

    policy = delivery.delivery_policy(settings)

    def handle(session: DbSession, payload: dict[str, Any]) -> None:
        now = utcnow()
        result = delivery.deliver(session, int(payload["delivery_id"]), now, policy=policy)
        if result.outcome is delivery.Outcome.RETRY and result.next_attempt_at is not None:
            raise jobs.RetryLater((result.next_attempt_at - now).total_seconds())

    return handle
