"""Dated corrections: a published verdict changed or reopened, with why.
Reports carry them, so readers see what changed and when."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.ratings import TruthRating
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.user import User


class CorrectionKind(enum.StrEnum):
    VERDICT_CHANGED = "verdict_changed"
    REOPENED = "reopened"
    # The article changed under a published verdict and an editor confirmed
    # the verdict still holds.
    ARTICLE_CHANGED = "article_changed"

    @property
    def label(self) -> str:
        return {"verdict_changed": "Verdict changed", "reopened": "Reopened",
                "article_changed": "Article changed"}[self.value]


class Correction(Model):
    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[CorrectionKind] = mapped_column(enum_type(CorrectionKind))
    previous_rating: Mapped[TruthRating | None] = mapped_column(enum_type(TruthRating))
    new_rating: Mapped[TruthRating | None] = mapped_column(enum_type(TruthRating))
    # Internal: why the editor did it (a reopen reason stays in the house).
    note: Mapped[str] = mapped_column(sa.Text())
    # What readers are told, written for them; public outputs print only this.
    public_note: Mapped[str] = mapped_column(sa.Text(), default="", server_default="")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    claim: Mapped[Claim] = relationship()
    created_by: Mapped[User] = relationship()
