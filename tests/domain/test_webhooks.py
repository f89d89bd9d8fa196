"""Signing per the Standard Webhooks spec, checked against the spec's own
test vector and the reference implementation (``standardwebhooks``); the
endpoint secrets; the retry schedule."""

from __future__ import annotations

import base64
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
import standardwebhooks

from factcheck.domain.webhooks import (
    EventType,
    RetrySchedule,
    SecretError,
    body_of,
    new_event_id,
    new_secret,
    secret_bytes,
    signature,
    signed_headers,
)

# The reference test vector (standard-webhooks/standard-webhooks,
# libraries/python/tests/test_webhooks.py, test_sign_function).
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_BODY = '{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_spec_test_vector_signs_to_the_published_signature():
    assert signature(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY) == VECTOR_SIGNATURE


def test_the_headers_carry_the_vector_signature_at_its_time():
    at = datetime.fromtimestamp(VECTOR_TIMESTAMP + 0.75, tz=UTC)  # seconds, floored
    assert signed_headers(VECTOR_SECRET, VECTOR_ID, at, VECTOR_BODY) == {
        "webhook-id": VECTOR_ID, "webhook-timestamp": str(VECTOR_TIMESTAMP),
        "webhook-signature": VECTOR_SIGNATURE}


def test_the_reference_implementation_verifies_what_we_sign():
    secret = new_secret()
    body = body_of(new_event_id(), EventType.VERDICT_PUBLISHED, datetime.now(UTC),
                   {"claim": {"id": 7, "text": "Ferries run «hourly» — 24/7."}})
    headers = signed_headers(secret, json.loads(body)["id"], datetime.now(UTC), body)
    assert standardwebhooks.Webhook(secret).verify(body, headers)["data"]["claim"]["id"] == 7
    # A changed body or another secret fails.
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(secret).verify(body.replace("7", "8"), headers)
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(new_secret()).verify(body, headers)


def test_the_reference_implementation_signs_as_we_do():
    secret, event_id, at = new_secret(), new_event_id(), datetime.now(UTC)
    body = body_of(event_id, EventType.PING, at, {"message": "hi"})
    ours = signed_headers(secret, event_id, at, body)["webhook-signature"]
    assert standardwebhooks.Webhook(secret).sign(event_id, at, body) == ours


def test_new_secrets_are_prefixed_random_and_long_enough():
    made = {new_secret() for _ in range(20)}
    assert len(made) == 20
    for secret in made:
        assert secret.startswith("whsec_")
        assert len(base64.b64decode(secret.removeprefix("whsec_"))) >= 24
        assert secret_bytes(secret) == base64.b64decode(secret.removeprefix("whsec_"))


@pytest.mark.parametrize("bad", ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!",
                                 "whsec_" + base64.b64encode(b"short").decode()])
def test_malformed_or_short_secrets_are_refused(bad):
    with pytest.raises(SecretError):
        secret_bytes(bad)


def test_the_body_is_the_spec_envelope_and_the_same_bytes_each_time():
    at = datetime(2026, 12, 1, 9, 30, 5, tzinfo=UTC)
    first = body_of("msg_1", EventType.CLAIM_DISPUTED, at, {"b": 1, "a": "é"})
    assert first == body_of("msg_1", EventType.CLAIM_DISPUTED, at, {"a": "é", "b": 1})
    assert json.loads(first) == {"id": "msg_1", "type": "claim.disputed",
                                 "timestamp": "2026-12-01T09:30:05Z",
                                 "data": {"a": "é", "b": 1}}


def test_retries_back_off_with_jitter_and_stop_after_the_last_delay():
    schedule = RetrySchedule()
    failed = datetime(2026, 12, 1, tzinfo=UTC)
    rng = random.Random(4)
    waits = []
    for attempts in range(1, schedule.max_attempts):
        at = schedule.next_attempt(attempts, failed, rng)
        assert at is not None
        waits.append(at - failed)
    expected = [timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30),
                timedelta(hours=2), timedelta(hours=5), timedelta(hours=10)]
    for wait, nominal in zip(waits, expected, strict=True):
        assert nominal * 0.9 <= wait <= nominal * 1.1
    assert waits != expected  # jittered, not exact
    assert schedule.next_attempt(schedule.max_attempts, failed, rng) is None
    assert schedule.max_attempts == 7
