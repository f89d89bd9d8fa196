"""Tables behind the figures pages show without recounting the archive.

``figure_counts``: maintained counters (see factcheck.domain.figures),
moved in the same transaction as the change they count by
factcheck.models.figure_upkeep. ``shared_cache``: what stays cached (the
figures too costly to maintain, filtered dashboards) when no Redis is
configured, one copy for every app process.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import Model


class FigureCount(Model):
    __tablename__ = "figure_counts"

    figure: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    first_key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    second_key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    n: Mapped[int] = mapped_column(sa.BigInteger(), default=0)


class SharedCacheEntry(Model):
    __tablename__ = "shared_cache"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text())
    # Unix seconds; an expired row is never served and is swept on writes.
    expires_at: Mapped[float] = mapped_column(sa.Float(), index=True)
