"""In-app notifications: a claim assigned to you, a claim you reviewed
disputed, a verdict published on a claim you reviewed; for editors, a claim
ready to approve or disputed."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.claim import Claim


class NotificationKind(enum.StrEnum):
    ASSIGNED = "assigned"
    DISPUTED = "disputed"
    PUBLISHED = "published"
    READY = "ready"  # to editors: agreeing reviews are in


class Notification(Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind))
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    claim: Mapped[Claim] = relationship()

    # The header's unread count reads exactly this index.
    __table_args__ = (sa.Index("ix_notifications_user_unread", "user_id", "read_at"),)
