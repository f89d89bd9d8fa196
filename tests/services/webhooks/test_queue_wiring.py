"""Webhook deliveries on the job queue: each recorded delivery is a keyed
job in the same transaction; the job sends it, and a failed attempt puts
the next one on the queue at the time the webhook retry schedule chose."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from factcheck.config import settings_of
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.domain.webhooks import DeliveryStatus, EventType
from factcheck.models.job import Job
from factcheck.services.core.actors import SystemActor
from factcheck.services.jobs.handlers import JobContext, handler_for
from factcheck.services.webhooks import queue_wiring
from factcheck.services.webhooks.events import record_event
from tests.services.webhooks.helpers import deliveries, register
from tests.support.webhook_receiver import receiving


def _jobs(session) -> list[Job]:
    session.expire_all()
    return list(session.scalars(sa.select(Job).where(Job.kind == JobKind.WEBHOOK_DELIVERY)
                                .order_by(Job.id)))


def _run(app, session, job: Job, now: datetime, tmp_path: Path) -> dict:
    context = JobContext(session=session, actor=SystemActor(label="test"), job_id=job.id,
                         attempt=1, payload=json.loads(job.payload),
                         settings=dataclasses.replace(settings_of(app.config),
                                                      webhooks_allow_private=True),
                         files=tmp_path, now=now)
    result = handler_for(JobKind.WEBHOOK_DELIVERY)(context)
    session.commit()
    return result


def test_a_recorded_delivery_is_a_job_in_the_same_transaction(session, editor):
    endpoint = register(session, editor)
    (row,) = record_event(session, EventType.PING, {}, endpoints=[endpoint])
    session.rollback()
    assert _jobs(session) == [] and deliveries(session) == []
    (row,) = record_event(session, EventType.PING, {}, endpoints=[endpoint])
    session.commit()
    (job,) = _jobs(session)
    assert job.key == f"webhook-delivery:{row.id}" and job.status is JobStatus.QUEUED
    # The same row enqueued again is the same job.
    queue_wiring.deliveries_recorded(session, [row.id])
    session.commit()
    assert len(_jobs(session)) == 1


def test_a_failed_attempt_queues_the_next_at_the_retry_schedules_time(
        app, session, editor, tmp_path):
    with receiving() as receiver:
        endpoint = register(session, editor, receiver.url("/fail"))
        record_event(session, EventType.PING, {}, endpoints=[endpoint])
        session.commit()
        (first,) = _jobs(session)
        now = datetime.now(UTC)
        assert _run(app, session, first, now, tmp_path)["outcome"] == "retry"
        assert len(receiver.at("/fail")) == 1
        (stored,) = deliveries(session)
        assert stored.status is DeliveryStatus.PENDING and stored.attempts == 1
        jobs = _jobs(session)
        assert len(jobs) == 2
        retry = jobs[1]
        # Due when the delivery is, and left for the sweeper until then.
        assert retry.run_after.replace(tzinfo=UTC) == stored.next_attempt_at.replace(tzinfo=UTC)
        assert retry.dispatched_at is None
        assert timedelta(seconds=4) <= retry.run_after.replace(tzinfo=UTC) - now \
            <= timedelta(seconds=6)

        # The first job run again (its worker died before it finished):
        # nothing is sent before the row is due, and no second retry job.
        assert _run(app, session, first, now, tmp_path)["outcome"] == "skipped"
        assert len(receiver.at("/fail")) == 1 and len(_jobs(session)) == 2


def test_the_retry_job_delivers_once_the_endpoint_answers(app, session, editor, tmp_path):
    with receiving() as receiver:
        # Unavailable the first time, then fine.
        endpoint = register(session, editor, receiver.url("/flaky"))
        record_event(session, EventType.PING, {}, endpoints=[endpoint])
        session.commit()
        (first,) = _jobs(session)
        assert _run(app, session, first, datetime.now(UTC), tmp_path)["outcome"] == "retry"
        retry = _jobs(session)[1]
        later = retry.run_after.replace(tzinfo=UTC) + timedelta(seconds=1)
        assert _run(app, session, retry, later, tmp_path)["outcome"] == "delivered"
        assert len(receiver.at("/flaky")) == 2
        assert deliveries(session)[0].status is DeliveryStatus.DELIVERED
        assert len(_jobs(session)) == 2
