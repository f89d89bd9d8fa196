"""Verdicts by approval time: a date-filtered export finds the verdicts of
its range through an index (the day a verdict counts on is its publication,
else its approval; publication was already indexed).

Reviewed by hand: one index, no data change.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.create_index("ix_verdicts_approved_at", ["approved_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_index("ix_verdicts_approved_at")
