"""The source registry: who claims rest on, with their other names."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.sources import SourceKind
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow


class Source(Model):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    # The name folded for matching ("the Financial Times" ~ "financial times").
    name_key: Mapped[str] = mapped_column(sa.String(300), unique=True)
    kind: Mapped[SourceKind] = mapped_column(enum_type(SourceKind), default=SourceKind.UNKNOWN)
    url: Mapped[str | None] = mapped_column(sa.String(2048))
    notes: Mapped[str] = mapped_column(sa.Text(), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Sources that extraction made are suggestions until a person confirms,
    # edits or merges one, names it in a chain by hand, or submits a review
    # of a claim resting on it; only confirmed sources teach extraction.
    # Who confirmed it is in the audit trail.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    aliases: Mapped[list[SourceAlias]] = relationship(
        back_populates="source", order_by="SourceAlias.alias", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def suggested(self) -> bool:
        return self.confirmed_at is None

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind.value if self.kind else None,
            "url": self.url,
            "notes": self.notes,
            "aliases": sorted(alias.alias for alias in self.aliases),
        }


class SourceAlias(Model):
    """Another name for a source (FT for the Financial Times). Matching
    keys are unique across the registry, so one name means one source."""

    __tablename__ = "source_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id", ondelete="CASCADE"),
                                           index=True)
    alias: Mapped[str] = mapped_column(sa.String(300))
    alias_key: Mapped[str] = mapped_column(sa.String(300), unique=True)

    source: Mapped[Source] = relationship(back_populates="aliases")
