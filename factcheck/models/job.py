"""The job ledger: one row per background job, the source of truth about
it. The queue engine (Huey) only carries job ids to workers; a message lost
with a killed worker or a flushed Redis costs nothing, because the row says
what is still to do (see ``factcheck.services.jobs``).

``chain_proposals`` keeps what a newer extractor found for a claim: a
suggestion shown beside the claim's chains, never applied by itself."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.user import User


class Job(Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JobKind] = mapped_column(enum_type(JobKind))
    # The same key is the same job: asking twice enqueues once.
    key: Mapped[str] = mapped_column(sa.String(300), unique=True)
    payload: Mapped[str] = mapped_column(sa.Text())  # JSON object
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus))
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int]
    # Not to be run before this (its back-off after a failure).
    run_after: Mapped[datetime] = mapped_column(UTCDateTime())
    # A running job belongs to its worker until then; past it, the worker is
    # taken for dead and the job may be claimed again.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When its id was last handed to the queue engine (see the sweeper).
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(sa.Text())
    result: Mapped[str | None] = mapped_column(sa.Text())  # JSON object, when succeeded
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_by_label: Mapped[str] = mapped_column(sa.String(200))

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        # The sweeper's and the status page's question: which jobs are in a
        # state, and since when.
        sa.Index("ix_jobs_status_run_after", "status", "run_after"),
    )

    def payload_data(self) -> dict[str, Any]:
        data = json.loads(self.payload or "{}")
        return data if isinstance(data, dict) else {}

    def result_data(self) -> dict[str, Any]:
        data = json.loads(self.result or "{}")
        return data if isinstance(data, dict) else {}


class ChainProposal(Model):
    __tablename__ = "chain_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"),
                                          index=True)
    # Which extractor proposed it (a fingerprint of its code): one proposal
    # per claim and extractor, however often the re-extraction runs.
    extractor: Mapped[str] = mapped_column(sa.String(64))
    chains: Mapped[str] = mapped_column(sa.Text())  # JSON: [[name, ...], ...] outermost first
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    claim: Mapped[Claim] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("claim_id", "extractor", name="uq_chain_proposals_claim_extractor"),
    )

    def chain_names(self) -> list[str]:
        """Each proposed chain as its names, outermost first: "A › B"."""
        chains = json.loads(self.chains or "[]")
        return [" › ".join(str(name) for name in chain) for chain in chains if chain]
