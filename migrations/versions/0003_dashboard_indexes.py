"""Dashboard indexes: claims by ingestion time (backlog, claim list, date
filters), the current verdict per claim, and reviews per reviewer by
submission time.

Reviewed by hand: indexes only, no data change.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_claims_status_created_at', ['status', 'created_at'], unique=False)
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.create_index('ix_verdicts_claim_id_id', ['claim_id', 'id'], unique=False)
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_reviewer_submitted', ['reviewer_id', 'submitted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_reviews_reviewer_submitted')
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.drop_index('ix_verdicts_claim_id_id')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_status_created_at')
        batch_op.drop_index('ix_claims_created_at')
