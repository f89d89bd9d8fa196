"""A partial index for the "Unassigned" queue at a million claims.

claims (checkworthiness, created_at, id) WHERE assignee_id IS NULL AND
status IN ('new', 'in_review'): the queue's first page reads only the open
claims nobody holds (PostgreSQL's plan at a million claims went from a
bitmap scan of every open claim, 114 ms, to this index).

Reviewed by hand: one index, no data change.

Revision ID: 0018_unassigned_queue_index
Revises: 0017_scale_indexes
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op


revision = "0018_unassigned_queue_index"
down_revision = "0017_scale_indexes"
branch_labels = None
depends_on = None

UNASSIGNED_QUEUE = "assignee_id IS NULL AND status IN ('new', 'in_review')"


def upgrade() -> None:
    op.create_index("ix_claims_unassigned_queue", "claims",
                    ["checkworthiness", "created_at", "id"], unique=False,
                    postgresql_where=sa.text(UNASSIGNED_QUEUE),
                    sqlite_where=sa.text(UNASSIGNED_QUEUE))


def downgrade() -> None:
    op.drop_index("ix_claims_unassigned_queue", table_name="claims")
