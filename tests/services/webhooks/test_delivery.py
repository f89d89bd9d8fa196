"""Sending deliveries to a real receiver on 127.0.0.1: signed so the
reference package verifies them, sent once, retried with back-off on
failure, given up after the last retry, never following a redirect, never
waiting past the time limit, refused on loopback unless allowed, and
switching off an endpoint that keeps failing. The clock is passed in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import standardwebhooks

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.webhooks import DeliveryStatus, EventType, RetrySchedule
from factcheck.models.audit import AuditEvent
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.webhooks.delivery import (
    DeliveryPolicy,
    Outcome,
    _claim,
    deliver,
    deliver_due,
)
from factcheck.services.webhooks.events import record_event
from factcheck.services.webhooks.sending import SendPolicy
from tests.services.webhooks.helpers import deliveries, register
from tests.support.webhook_receiver import receiving

ALLOWED = DeliveryPolicy(send=SendPolicy(timeout=2.0, allow_private=True))


@pytest.fixture
def receiver():
    with receiving() as running:
        yield running


def _event(session, endpoint, now, kind=EventType.VERDICT_PUBLISHED):
    session.refresh(endpoint)
    (row,) = record_event(session, kind, {"claim": {"id": 1}}, now=now, endpoints=[endpoint])
    session.commit()
    return row


def test_a_delivery_is_signed_verifiable_and_sent_once(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/ok"))
    now = datetime.now(UTC)  # the reference verifier checks the timestamp against its clock
    row = _event(session, endpoint, now)

    result = deliver(session, row.id, now, policy=ALLOWED)
    assert result.outcome is Outcome.DELIVERED and result.status_code == 200
    (request,) = receiver.at("/ok")
    verified = standardwebhooks.Webhook(endpoint.secret).verify(request.body, request.headers)
    assert verified["type"] == "verdict.published" and verified["data"] == {"claim": {"id": 1}}
    assert request.headers["webhook-id"] == row.event_id
    assert request.headers["Content-Type"] == "application/json"

    again = deliver(session, row.id, now + timedelta(hours=1), policy=ALLOWED)
    assert again.outcome is Outcome.SKIPPED
    assert len(receiver.at("/ok")) == 1
    (stored,) = deliveries(session)
    assert (stored.status, stored.attempts, stored.last_status_code) == \
        (DeliveryStatus.DELIVERED, 1, 200)
    assert stored.delivered_at == now


def test_a_failing_endpoint_is_retried_with_back_off_then_given_up(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/fail"))
    start = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    row = _event(session, endpoint, start)
    policy = DeliveryPolicy(send=ALLOWED.send, disable_after=99)
    rng = random.Random(1)

    first = deliver(session, row.id, start, policy=policy, rng=rng)
    assert first.outcome is Outcome.RETRY and first.status_code == 500
    assert "database is on fire" in (first.error or "")
    assert first.next_attempt_at is not None
    assert timedelta(seconds=4.5) <= first.next_attempt_at - start <= timedelta(seconds=5.5)
    # Not due yet: nothing is sent.
    assert deliver_due(session, start + timedelta(seconds=4), 10, policy=policy) == []

    now, outcomes = start, [first.outcome]
    while outcomes[-1] is Outcome.RETRY:
        previous = deliveries(session)[0].next_attempt_at
        now = previous + timedelta(seconds=1)
        (result,) = deliver_due(session, now, 10, policy=policy, rng=rng)
        outcomes.append(result.outcome)
    assert outcomes == [Outcome.RETRY] * 6 + [Outcome.FAILED]
    assert len(receiver.at("/fail")) == 7
    (stored,) = deliveries(session)
    assert stored.status is DeliveryStatus.FAILED and stored.attempts == 7
    assert stored.last_error.startswith("HTTP 500")
    # The whole schedule: 5 s + 5 min + 30 min + 2 h + 5 h + 10 h, give or take the jitter.
    assert timedelta(hours=16) < now - start < timedelta(hours=19.5)
    assert deliver_due(session, now + timedelta(days=9), 10, policy=policy) == []


def test_a_flaky_endpoint_gets_it_on_the_retry(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/flaky"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    row = _event(session, endpoint, now)
    assert deliver(session, row.id, now, policy=ALLOWED).outcome is Outcome.RETRY
    later = now + timedelta(seconds=6)
    (result,) = deliver_due(session, later, 10, policy=ALLOWED)
    assert result.outcome is Outcome.DELIVERED
    bodies = {request.body for request in receiver.at("/flaky")}
    ids = {request.headers["webhook-id"] for request in receiver.at("/flaky")}
    assert len(bodies) == 1 and ids == {row.event_id}  # a retry is the same message


def test_a_redirect_is_a_failed_delivery_and_is_not_followed(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/redirect"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    result = deliver(session, _event(session, endpoint, now).id, now, policy=ALLOWED)
    assert result.outcome is Outcome.RETRY and result.status_code == 302
    assert "redirects are not followed" in (result.error or "")
    assert receiver.at("/ok") == []


def test_a_hanging_endpoint_fails_at_the_time_limit(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/hang"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    policy = DeliveryPolicy(send=SendPolicy(timeout=0.5, allow_private=True))
    result = deliver(session, _event(session, endpoint, now).id, now, policy=policy)
    assert result.outcome is Outcome.RETRY and result.status_code is None
    assert result.error == "No answer within 0.5 seconds."


def test_loopback_endpoints_are_refused_at_delivery_unless_allowed(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/ok"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    row = _event(session, endpoint, now)
    refused = DeliveryPolicy(send=SendPolicy(timeout=2.0, allow_private=False))
    result = deliver(session, row.id, now, policy=refused)
    assert result.outcome is Outcome.RETRY
    assert "private or local address (loopback)" in (result.error or "")
    assert receiver.received == []


def test_an_endpoint_failing_again_and_again_is_switched_off_with_the_reason(
        session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/fail"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    # No retries: each failure is final, so two deliveries make two in a row.
    policy = DeliveryPolicy(send=ALLOWED.send, schedule=RetrySchedule(delays=()),
                            disable_after=2)
    rows = [_event(session, endpoint, now) for _ in range(3)]
    assert deliver(session, rows[0].id, now, policy=policy).outcome is Outcome.FAILED
    session.refresh(endpoint)
    assert endpoint.enabled and endpoint.failures_in_a_row == 1
    assert deliver(session, rows[1].id, now, policy=policy).outcome is Outcome.FAILED
    session.refresh(endpoint)
    assert not endpoint.enabled
    assert "2 deliveries in a row failed" in endpoint.disabled_reason
    assert "HTTP 500" in endpoint.disabled_reason
    # Its remaining delivery waits; it is not sent while the endpoint is off.
    assert deliver(session, rows[2].id, now, policy=policy).outcome is Outcome.SKIPPED
    assert len(receiver.at("/fail")) == 2
    (event,) = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.WEBHOOK_ENDPOINT_DISABLED.value)).all()
    assert event.actor == "webhooks" and event.entity_id == str(endpoint.id)


def test_a_success_resets_the_failure_count(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/ok"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    session.execute(sa.update(WebhookEndpoint).values(failures_in_a_row=4))
    session.commit()
    deliver(session, _event(session, endpoint, now).id, now, policy=ALLOWED)
    session.refresh(endpoint)
    assert endpoint.failures_in_a_row == 0 and endpoint.enabled


def test_a_claim_is_won_once_and_a_dead_workers_lease_runs_out(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/ok"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    row = _event(session, endpoint, now)
    lease = timedelta(seconds=40)
    assert [c.id for c in _claim(session, [row.id], now, lease)] == [row.id]
    # The same row claimed again (another worker) while the lease holds: nothing.
    assert _claim(session, [row.id], now, lease) == []
    assert deliver_due(session, now + timedelta(seconds=39), 10, policy=ALLOWED) == []
    # The first worker died without recording: after its lease another sends it.
    (result,) = deliver_due(session, now + timedelta(seconds=41), 10, policy=ALLOWED)
    assert result.outcome is Outcome.DELIVERED
    stored = session.get(WebhookDelivery, row.id)
    session.refresh(stored)
    assert stored.attempts == 2 and len(receiver.at("/ok")) == 1


def test_deliver_due_sends_only_what_is_due_oldest_first(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/ok"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    later = _event(session, endpoint, now + timedelta(minutes=5))
    first = _event(session, endpoint, now - timedelta(minutes=1))
    second = _event(session, endpoint, now)
    results = deliver_due(session, now, 10, policy=ALLOWED)
    assert [r.delivery_id for r in results] == [first.id, second.id]
    assert deliver(session, later.id, now, policy=ALLOWED).outcome is Outcome.SKIPPED


def test_deliver_due_claims_no_more_than_its_limit(session, editor, receiver):
    endpoint = register(session, editor, receiver.url("/ok"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for _ in range(5):
        _event(session, endpoint, now)
    assert len(deliver_due(session, now, 2, policy=ALLOWED)) == 2
    assert [row.status for row in deliveries(session)].count(DeliveryStatus.PENDING) == 3
