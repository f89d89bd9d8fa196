"""Claims: spans of an article's body that someone can check."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.sources import Sourcing
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.article import Article
    from factcheck.models.attribution import Attribution
    from factcheck.models.review import Review
    from factcheck.models.user import User
    from factcheck.models.verdict import Verdict


# Open claims nobody holds (the review queues' "Unassigned" tab).
UNASSIGNED_QUEUE = "assignee_id IS NULL AND status IN ('new', 'in_review')"


class Claim(Model):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.Text())
    # Offsets into Article.body: body[start:end] == text, always.
    start: Mapped[int]
    end: Mapped[int]
    # A little text either side, so a claim can be found again if the body
    # is ever re-ingested with small changes (W3C text-quote selector idea).
    prefix: Mapped[str] = mapped_column(sa.String(64), default="")
    suffix: Mapped[str] = mapped_column(sa.String(64), default="")
    kind: Mapped[ClaimKind] = mapped_column(enum_type(ClaimKind))
    checkworthiness: Mapped[float] = mapped_column(default=0.0)
    status: Mapped[ClaimStatus] = mapped_column(enum_type(ClaimStatus), default=ClaimStatus.NEW)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Set on a claim absorbed by a merge ("merged into #N"; its status is
    # Not a claim). No foreign key: both claims belong to one article and
    # go together.
    merged_into_id: Mapped[int | None]
    # Optimistic locking: an UPDATE carrying a stale version matches no row.
    version: Mapped[int] = mapped_column(default=1)
    # What the claim's chains rest on, kept here by the flush hooks
    # (factcheck.models.figure_upkeep) so the claim list filters on sourcing
    # by index instead of reading every chain. Never set by hand.
    sourcing: Mapped[Sourcing] = mapped_column(enum_type(Sourcing), default=Sourcing.NONE,
                                               server_default=Sourcing.NONE.value)
    rests_on_anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    article: Mapped[Article] = relationship(back_populates="claims")
    assignee: Mapped[User | None] = relationship()
    attributions: Mapped[list[Attribution]] = relationship(
        back_populates="claim", order_by="Attribution.position", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="claim", order_by="Review.id", cascade="all, delete-orphan"
    )
    verdicts: Mapped[list[Verdict]] = relationship(
        back_populates="claim", order_by="Verdict.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("start >= 0 AND \"end\" > start", name="span"),
        sa.CheckConstraint("checkworthiness >= 0 AND checkworthiness <= 1", name="checkworthiness"),
        sa.Index("ix_claims_article_start", "article_id", "start"),
        sa.Index("ix_claims_status_checkworthiness", "status", "checkworthiness"),
        # The dashboard's backlog and the claim list (newest first, date filters).
        sa.Index("ix_claims_created_at", "created_at"),
        sa.Index("ix_claims_status_created_at", "status", "created_at"),
        # The "Unassigned" queue: open claims nobody holds, most check-worthy first.
        sa.Index("ix_claims_status_assignee", "status", "assignee_id", "checkworthiness",
                 "created_at"),
        # The same queue's page at a million claims: only the open claims
        # nobody holds are in it, so its first page reads a few thousand
        # index entries instead of every open claim's row (EXPLAIN in
        # bench/pages_speed.py).
        sa.Index("ix_claims_unassigned_queue", "checkworthiness", "created_at", "id",
                 postgresql_where=sa.text(UNASSIGNED_QUEUE),
                 sqlite_where=sa.text(UNASSIGNED_QUEUE)),
        # The claim list filtered by sourcing, newest first: an equality on
        # the first column, then the list's order, with the status in the
        # index so other statuses are skipped without reading their rows
        # (EXPLAIN in bench/pages_speed.py).
        sa.Index("ix_claims_anonymous_created", "rests_on_anonymous", "created_at", "id",
                 "status"),
        sa.Index("ix_claims_sourcing_created", "sourcing", "created_at", "id", "status"),
    )

    @property
    def current_verdict(self) -> Verdict | None:
        return self.verdicts[-1] if self.verdicts else None

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind.value if self.kind else None,
            "checkworthiness": self.checkworthiness,
            "status": self.status.value if self.status else None,
            "assignee_id": self.assignee_id,
            "merged_into_id": self.merged_into_id,
        }
