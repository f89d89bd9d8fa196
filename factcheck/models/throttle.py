"""Counters for throttling attempts (sign-in, password change) where no
Redis is configured: one row per key and time window, incremented with an
atomic upsert before the attempt is checked."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import Model


class ThrottleCounter(Model):
    __tablename__ = "throttle_counters"

    # scope:identity:window-number, e.g. "login-pair:a@b.example|10.0.0.1:60:29410000".
    key: Mapped[str] = mapped_column(sa.String(400), primary_key=True)
    hits: Mapped[int]
    # Unix seconds when the window ends; expired rows are swept.
    expires_at: Mapped[int] = mapped_column(index=True)
