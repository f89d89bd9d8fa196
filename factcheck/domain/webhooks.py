"""Webhooks, the pure part: which events there are, the endpoint secrets,
signing a message per the Standard Webhooks spec (standardwebhooks.com),
and when a failed delivery is tried again.

Signing: the receiver gets three headers, ``webhook-id`` (the event's id,
the same on every retry, so a receiver can drop a repeat),
``webhook-timestamp`` (Unix seconds of this attempt, so a receiver can
refuse an old replay) and ``webhook-signature``: ``v1,`` and the base64 of
HMAC-SHA256 over ``{id}.{timestamp}.{body}`` keyed with the secret's bytes
(the base64 after ``whsec_``)."""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import json
import math
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

SECRET_PREFIX = "whsec_"  # noqa: S105 - the spec's prefix, not a secret
# 24 bytes is the spec's floor; 32 gives a full-strength HMAC-SHA256 key.
SECRET_BYTES = 32
MIN_SECRET_BYTES = 24
EVENT_ID_PREFIX = "msg_"


class EventType(enum.StrEnum):
    VERDICT_PUBLISHED = "verdict.published"
    CORRECTION_PUBLISHED = "correction.published"
    CLAIM_DISPUTED = "claim.disputed"
    ARTICLE_STALE = "article.stale"
    # Sent only by an editor's "Send test event", to one endpoint.
    PING = "ping"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    EventType.VERDICT_PUBLISHED: "Verdict published",
    EventType.CORRECTION_PUBLISHED: "Correction published",
    EventType.CLAIM_DISPUTED: "Claim disputed",
    EventType.ARTICLE_STALE: "Article changed under a verdict (stale)",
    EventType.PING: "Test event",
}

# What an endpoint can subscribe to (a ping goes to whoever asked for it).
SUBSCRIBABLE = tuple(kind for kind in EventType if kind is not EventType.PING)


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SENDING = "sending"  # claimed by a worker until its lease ends
    DELIVERED = "delivered"
    FAILED = "failed"  # out of attempts

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SecretError(ValueError):
    """Not a usable endpoint secret."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    """The HMAC key a ``whsec_`` secret stands for."""
    if not secret.startswith(SECRET_PREFIX):
        raise SecretError("A webhook secret starts with whsec_.")
    encoded = secret[len(SECRET_PREFIX):]
    try:
        # Padding may have been dropped by whoever copied it.
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError) as error:
        raise SecretError("A webhook secret is whsec_ followed by base64.") from error
    if len(key) < MIN_SECRET_BYTES:
        raise SecretError(f"A webhook secret holds at least {MIN_SECRET_BYTES} bytes.")
    return key


def new_event_id() -> str:
    return EVENT_ID_PREFIX + secrets.token_urlsafe(18)


def signature(secret: str, event_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header's value for one attempt."""
    signed = f"{event_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signed_headers(secret: str, event_id: str, at: datetime, body: str) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` sent at ``at``."""
    timestamp = math.floor(at.timestamp())
    return {"webhook-id": event_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(secret, event_id, timestamp, body)}


def body_of(event_id: str, kind: EventType, occurred_at: datetime,
            data: Mapping[str, Any]) -> str:
    """The request body: the spec's recommended envelope (type, timestamp,
    data), compact and key-sorted so the same event is the same bytes."""
    return json.dumps({"id": event_id, "type": kind.value,
                       "timestamp": occurred_at.astimezone(UTC).isoformat(
                           timespec="seconds").replace("+00:00", "Z"),
                       "data": dict(data)}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


@dataclass(frozen=True)
class RetrySchedule:
    """How long after each failed attempt the next one is made: attempt
    ``n`` failing waits ``delays[n-1]``, give or take ``jitter`` of it (so
    endpoints that fail together are not all retried in the same second);
    once every delay is used, the delivery has failed."""

    delays: Sequence[timedelta] = (
        timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30),
        timedelta(hours=2), timedelta(hours=5), timedelta(hours=10))
    jitter: float = 0.1

    @property
    def max_attempts(self) -> int:
        return len(self.delays) + 1

    def next_attempt(self, attempts: int, failed_at: datetime,
                     rng: random.Random) -> datetime | None:
        """When to try again after ``attempts`` attempts, the last failed;
        None when that was the last."""
        if attempts >= self.max_attempts:
            return None
        delay = self.delays[max(attempts, 1) - 1].total_seconds()
        spread = delay * self.jitter
        return failed_at + timedelta(seconds=delay + rng.uniform(-spread, spread))
