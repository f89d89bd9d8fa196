"""Sign-in throttling in the database, and the audit chain's hash scheme.

* ``throttle_counters``: one row per (key, time window), incremented with an
  atomic upsert *before* a password is checked, so parallel guesses cannot
  all pass the limit. Rows expire; ``expires_at`` lets them be swept.
* ``audit_events.scheme``: how each row's hash was made: ``sha256`` (every
  row before this migration, still verifiable) or ``hmac-sha256`` with
  FACTCHECK_AUDIT_KEY, kept outside the database. A plain column added with
  a constant default: no row is rewritten (the table refuses UPDATE).

Reviewed by hand. Relinked onto 0005_trust_review at the merge.

Revision ID: 0006_trust_ops
Revises: 0005_trust_review
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_trust_ops"
down_revision = "0005_trust_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counters")),
    )
    op.create_index(op.f("ix_throttle_counters_expires_at"), "throttle_counters",
                    ["expires_at"], unique=False)
    # Not batch mode: on SQLite a batch would copy and drop the audit table
    # (and its triggers); ADD COLUMN with a constant default rewrites nothing.
    op.add_column("audit_events", sa.Column("scheme", sa.String(length=16), nullable=False,
                                            server_default="sha256"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's DROP COLUMN would need a table copy; the triggers forbid it.
        op.execute("ALTER TABLE audit_events DROP COLUMN scheme")
    else:
        op.drop_column("audit_events", "scheme")
    op.drop_index(op.f("ix_throttle_counters_expires_at"), table_name="throttle_counters")
    op.drop_table("throttle_counters")
