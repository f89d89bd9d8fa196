"""Editor-approved outcomes. Appended, never overwritten: a new verdict
supersedes the previous one and both stay, so corrections are visible."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.snapshots import Chain, Claimant, chains_from_json
from factcheck.domain.sources import SourceKind
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.user import User


class Verdict(Model):
    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"),
                                          index=True)
    rating: Mapped[TruthRating] = mapped_column(enum_type(TruthRating))
    public_rationale: Mapped[str] = mapped_column(sa.Text())
    approved_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("verdicts.id"))
    # Why this verdict replaced the previous one; shown as a dated correction.
    correction_note: Mapped[str] = mapped_column(sa.Text(), default="")

    # The snapshot: what this verdict judged and publishes, frozen at
    # approval (see factcheck.domain.snapshots). Null only on rows written
    # before snapshots existed and never backfilled.
    claim_text: Mapped[str | None] = mapped_column(sa.Text())
    attribution_rating: Mapped[AttributionRating | None] = mapped_column(
        enum_type(AttributionRating))
    chains_json: Mapped[str | None] = mapped_column(sa.Text())
    claimant: Mapped[str | None] = mapped_column(sa.String(300))
    claimant_kind: Mapped[SourceKind | None] = mapped_column(enum_type(SourceKind))

    claim: Mapped[Claim] = relationship(back_populates="verdicts")
    approved_by: Mapped[User] = relationship()
    supersedes: Mapped[Verdict | None] = relationship(remote_side=[id])

    # "Current verdict" = the newest per claim: an index-only probe per claim.
    __table_args__ = (sa.Index("ix_verdicts_claim_id_id", "claim_id", "id"),)

    @property
    def has_snapshot(self) -> bool:
        return self.claim_text is not None

    @property
    def chains(self) -> tuple[Chain, ...]:
        return chains_from_json(self.chains_json)

    @property
    def claimant_value(self) -> Claimant | None:
        if not self.claimant:
            return None
        return Claimant(self.claimant, self.claimant_kind or SourceKind.UNKNOWN)

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "claim_id": self.claim_id,
            "claim_text": self.claim_text,
            "attribution_rating": (self.attribution_rating.value
                                   if self.attribution_rating else None),
            "chains": self.chains_json,
            "claimant": self.claimant,
            "rating": self.rating.value,
            "public_rationale": self.public_rationale,
            "approved_by_id": self.approved_by_id,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "supersedes_id": self.supersedes_id,
            "correction_note": self.correction_note,
        }


# What a verdict judged and publishes never changes once written: a
# correction is a new verdict with a snapshot of its own.
SNAPSHOT_COLUMNS = ("claim_id", "rating", "public_rationale", "claim_text",
                    "attribution_rating", "chains_json", "claimant", "claimant_kind")


class SnapshotChanged(RuntimeError):
    """Code tried to rewrite an approved verdict's snapshot."""


@event.listens_for(Verdict, "before_update")
def _refuse_snapshot_changes(_mapper: object, _connection: object, verdict: Verdict) -> None:
    state = sa.inspect(verdict)
    changed = [name for name in SNAPSHOT_COLUMNS
               if state.attrs[name].history.has_changes()]
    if changed:
        raise SnapshotChanged(f"A verdict's snapshot is immutable ({', '.join(changed)}); "
                              "record a new verdict instead.")
