"""Webhook endpoints (where events go) and their deliveries (one row per
event per endpoint: what was sent, how it went, when to try again).

Deliveries are written in the transaction of the change that causes them,
so an event exists exactly when its change committed; workers send them
afterwards. The secret is kept as written (``whsec_``...): signing needs
it, so it cannot be hashed like a password; it is shown to an editor only
when made or rotated."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.webhooks import DeliveryStatus, EventType
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.user import User


class WebhookEndpoint(Model):
    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2048))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    # Subscribed event types, space-separated (``EventType`` values).
    events: Mapped[str] = mapped_column(sa.String(300))
    enabled: Mapped[bool] = mapped_column(default=True)
    secret: Mapped[str] = mapped_column(sa.String(100))
    secret_rotated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Deliveries in a row that used up every retry; reset by a success.
    failures_in_a_row: Mapped[int] = mapped_column(default=0)
    # Why it was switched off, when the app did it (editors see it).
    disabled_reason: Mapped[str | None] = mapped_column(sa.String(500))
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by: Mapped[User | None] = relationship()

    @property
    def event_types(self) -> list[EventType]:
        return [EventType(value) for value in self.events.split() if value in
                EventType._value2member_map_]

    def wants(self, kind: EventType) -> bool:
        return kind.value in self.events.split()

    def audit_snapshot(self) -> dict[str, object]:
        """What the audit trail keeps of an endpoint: never its secret."""
        return {"url": self.url, "description": self.description, "events": self.events,
                "enabled": self.enabled}


class WebhookDelivery(Model):
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    # The event's id: the same for every endpoint and every retry (the
    # ``webhook-id`` header, which receivers use to drop repeats).
    event_id: Mapped[str] = mapped_column(sa.String(40))
    event_type: Mapped[EventType] = mapped_column(enum_type(EventType))
    payload: Mapped[str] = mapped_column(sa.Text())
    status: Mapped[DeliveryStatus] = mapped_column(enum_type(DeliveryStatus),
                                                   default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # While SENDING: until when the worker that claimed it holds it. A
    # worker that died mid-send loses it then, and another sends it again.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    endpoint: Mapped[WebhookEndpoint] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("endpoint_id", "event_id", name="uq_webhook_deliveries_event"),
        # Workers look for what is due: by status, then time.
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        # An endpoint's log, newest first.
        sa.Index("ix_webhook_deliveries_endpoint", "endpoint_id", "id"),
    )
