"""Indexes for the work queues at a million claims.

- claims (status, assignee_id, checkworthiness, created_at): the
  "Unassigned" queue and its tab count read only the open claims nobody
  holds, not every claim without an assignee (most decided ones).
- reviews (claim_id, submitted_at): how many reviews of a claim are
  submitted ("Needing another review", the queue rows) from the index alone.

Reviewed by hand: two indexes, no data change.

Revision ID: 0017_scale_indexes
Revises: 0015_webhooks
Create Date: 2026-12-01
"""

from alembic import op


revision = "0017_scale_indexes"
down_revision = "0015_webhooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_status_assignee",
                              ["status", "assignee_id", "checkworthiness", "created_at"],
                              unique=False)
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index("ix_reviews_claim_submitted", ["claim_id", "submitted_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_claim_submitted")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_status_assignee")
