"""Personal access tokens for the JSON API: a name, scopes and an expiry
chosen by their owner; only a digest of the secret is kept."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.tokens import TokenScope, format_scopes, parse_scopes
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from factcheck.models.user import User


class ApiToken(Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # The public part of the secret (fct_<lookup>_...): finds the row, and
    # lets the owner recognise a token in a log line.
    lookup: Mapped[str] = mapped_column(sa.String(12), unique=True)
    # SHA-256 of the whole secret, hex.
    secret_digest: Mapped[str] = mapped_column(sa.String(64))
    # Comma-separated TokenScope values.
    scope_text: Mapped[str] = mapped_column("scopes", sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last time a revoked or expired token was still presented: its
    # audit event is written at most once a minute, so a script stuck on an
    # old secret cannot flood the audit trail.
    last_refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @property
    def scopes(self) -> list[TokenScope]:
        return parse_scopes(self.scope_text)

    @scopes.setter
    def scopes(self, value: list[TokenScope]) -> None:
        self.scope_text = format_scopes(value)

    @property
    def shown_prefix(self) -> str:
        return f"fct_{self.lookup}_…"

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "user_id": self.user_id,
            "name": self.name,
            "lookup": self.lookup,
            "scopes": self.scope_text,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }
