"""The job-queue wiring: without ``factcheck.services.jobs`` it stays out
of the way; with a queue of that shape (a stand-in module here), each
recorded delivery is enqueued under its own key in the same transaction,
and the handler delivers and asks for a retry with the back-off."""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime, timedelta

import pytest

from factcheck.domain.webhooks import EventType
from factcheck.services.webhooks import queue_wiring
from factcheck.services.webhooks.events import record_event
from tests.services.webhooks.helpers import deliveries, register
from tests.support.config import with_settings
from tests.support.webhook_receiver import receiving


class RetryLater(Exception):
    def __init__(self, delay: float) -> None:
        super().__init__(delay)
        self.delay = delay


@pytest.fixture
def jobs(monkeypatch):
    queue = types.ModuleType(queue_wiring.JOBS_MODULE)
    queue.JobKind = types.SimpleNamespace(WEBHOOK_DELIVERY="webhook_delivery")
    queue.RetryLater = RetryLater
    queue.enqueued = []
    queue.handlers = {}
    queue.enqueue = lambda session, actor, kind, payload, key: queue.enqueued.append(
        (actor.label, kind, payload, key))
    queue.register_handler = lambda kind, handler: queue.handlers.__setitem__(kind, handler)
    monkeypatch.setitem(sys.modules, queue_wiring.JOBS_MODULE, queue)
    return queue


def test_without_the_queue_nothing_is_enqueued_or_registered(session, editor, app):
    assert queue_wiring.jobs_module() is None
    assert queue_wiring.register(with_settings(app.config)) is False
    endpoint = register(session, editor)
    assert len(record_event(session, EventType.PING, {}, endpoints=[endpoint])) == 1


def test_with_the_queue_each_delivery_is_a_keyed_job_and_retries_back_off(
        session, editor, app, jobs):
    with receiving() as receiver:
        endpoint = register(session, editor, receiver.url("/fail"))
        (row,) = record_event(session, EventType.PING, {}, endpoints=[endpoint])
        session.commit()
        assert jobs.enqueued == [("webhooks", "webhook_delivery", {"delivery_id": row.id},
                                  f"webhook-delivery:{row.id}")]
        assert queue_wiring.register(with_settings(app.config, webhooks_allow_private=True))
        handler = jobs.handlers["webhook_delivery"]
        with pytest.raises(RetryLater) as retry:
            handler(session, {"delivery_id": row.id})
        assert timedelta(seconds=4) <= timedelta(seconds=retry.value.delay) <= \
            timedelta(seconds=6)
        assert deliveries(session)[0].attempts == 1 and len(receiver.at("/fail")) == 1
        # Run again before it is due (a queue retrying early): nothing is sent.
        handler(session, {"delivery_id": row.id})
        assert len(receiver.at("/fail")) == 1
    assert datetime.now(UTC) < deliveries(session)[0].next_attempt_at
