"""One reviewer's rating of one claim, with the evidence behind it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.user import User


class Review(Model):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # Null while the review is a draft.
    truth_rating: Mapped[TruthRating | None] = mapped_column(enum_type(TruthRating))
    attribution_rating: Mapped[AttributionRating | None] = mapped_column(
        enum_type(AttributionRating)
    )
    rationale: Mapped[str] = mapped_column(sa.Text(), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    version: Mapped[int] = mapped_column(default=1)

    claim: Mapped[Claim] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="review", order_by="Evidence.position", cascade="all, delete-orphan"
    )
    # Changes made after the reviewer saw the others: kept beside the blind
    # original (the columns above), which agreement and outcomes use.
    revisions: Mapped[list[ReviewRevision]] = relationship(
        back_populates="review", order_by="ReviewRevision.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    # Nobody reviews the same claim twice.
    # The first index serves the dashboard's per-reviewer weekly counts; the
    # second counts a claim's submitted reviews (the queues) from the index.
    __table_args__ = (sa.UniqueConstraint("claim_id", "reviewer_id"),
                      sa.Index("ix_reviews_reviewer_submitted", "reviewer_id", "submitted_at"),
                      sa.Index("ix_reviews_claim_submitted", "claim_id", "submitted_at"))

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def latest_revision(self) -> ReviewRevision | None:
        return self.revisions[-1] if self.revisions else None

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "claim_id": self.claim_id,
            "reviewer_id": self.reviewer_id,
            "truth_rating": self.truth_rating.value if self.truth_rating else None,
            "attribution_rating": (
                self.attribution_rating.value if self.attribution_rating else None
            ),
            "rationale": self.rationale,
            "submitted": self.is_submitted,
            "evidence": [item.audit_snapshot() for item in self.evidence],
        }


class Evidence(Model):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str] = mapped_column(sa.String(2048), default="")
    title: Mapped[str] = mapped_column(sa.String(500), default="")
    stance: Mapped[EvidenceStance] = mapped_column(enum_type(EvidenceStance))
    note: Mapped[str] = mapped_column(sa.Text(), default="")

    review: Mapped[Review] = relationship(back_populates="evidence")

    def audit_snapshot(self) -> dict[str, object]:
        return {"url": self.url, "title": self.title, "stance": self.stance.value,
                "note": self.note}


class ReviewRevision(Model):
    """A reviewer's change of mind after the claim was unblinded. Appended,
    never edited; it informs the editor and never settles a claim."""

    __tablename__ = "review_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    truth_rating: Mapped[TruthRating] = mapped_column(enum_type(TruthRating))
    attribution_rating: Mapped[AttributionRating] = mapped_column(enum_type(AttributionRating))
    rationale: Mapped[str] = mapped_column(sa.Text(), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    review: Mapped[Review] = relationship(back_populates="revisions")

    def audit_snapshot(self) -> dict[str, object]:
        return {"review_id": self.review_id, "truth_rating": self.truth_rating.value,
                "attribution_rating": self.attribution_rating.value,
                "rationale": self.rationale, "revised_after_unblinding": True}
