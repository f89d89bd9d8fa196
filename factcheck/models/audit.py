"""The audit trail table. Rows are only ever inserted: the database's own
triggers (see the first migration) refuse UPDATE and DELETE."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.domain.audit_chain import ChainEvent
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime


class AuditEvent(Model):
    __tablename__ = "audit_events"

    # Assigned by the recorder under the chain lock, so there are no gaps
    # (an autoincrement would skip numbers on rolled-back transactions).
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # No foreign key: the trail must outlive anything it mentions.
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(sa.String(320))
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str | None] = mapped_column(sa.String(64))
    before: Mapped[str | None] = mapped_column(sa.Text())
    after: Mapped[str | None] = mapped_column(sa.Text())
    context: Mapped[str | None] = mapped_column(sa.Text())
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # How ``hash`` was made: "sha256" (no key) or "hmac-sha256" (with the
    # audit key kept outside the database). Old rows keep their scheme.
    scheme: Mapped[str] = mapped_column(sa.String(16), default="sha256",
                                        server_default="sha256")

    __table_args__ = (sa.Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    def to_chain_event(self) -> ChainEvent:
        return ChainEvent(
            seq=self.seq,
            occurred_at=self.occurred_at,
            actor_id=self.actor_id,
            actor=self.actor,
            action=self.action,
            entity_type=self.entity_type,
            entity_id=self.entity_id,
            before=self.before,
            after=self.after,
            context=self.context,
            prev_hash=self.prev_hash,
            hash=self.hash,
            scheme=self.scheme,
        )
