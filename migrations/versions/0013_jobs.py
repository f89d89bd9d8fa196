"""The job ledger (``jobs``) and what re-extraction proposes
(``chain_proposals``).

Written by hand.

Revision ID: 0013_jobs
Revises: 0012_api_tokens
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_jobs"
down_revision = "0012_api_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(),
                  sa.ForeignKey("users.id", name="fk_jobs_created_by_id_users",
                                ondelete="SET NULL"), nullable=True),
        sa.Column("created_by_label", sa.String(200), nullable=False),
        sa.UniqueConstraint("key", name="uq_jobs_key"),
    )
    op.create_index("ix_jobs_status_run_after", "jobs", ["status", "run_after"])
    op.create_table(
        "chain_proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(),
                  sa.ForeignKey("claims.id", name="fk_chain_proposals_claim_id_claims",
                                ondelete="CASCADE"), nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("chains", sa.Text(), nullable=False),
        sa.Column("job_id", sa.Integer(),
                  sa.ForeignKey("jobs.id", name="fk_chain_proposals_job_id_jobs",
                                ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("claim_id", "extractor", name="uq_chain_proposals_claim_extractor"),
    )
    op.create_index("ix_chain_proposals_claim_id", "chain_proposals", ["claim_id"])


def downgrade() -> None:
    op.drop_index("ix_chain_proposals_claim_id", table_name="chain_proposals")
    op.drop_table("chain_proposals")
    op.drop_index("ix_jobs_status_run_after", table_name="jobs")
    op.drop_table("jobs")
