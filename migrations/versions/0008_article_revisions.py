"""Article revisions and re-anchored claims.

- article_revisions: every text an article has had, numbered from 1 (the
  text as first ingested); the same text is stored once per article.
  Existing articles get their revision 1 lazily, when a first new text
  arrives (their body is that text), so nothing is backfilled here.
- claim_reanchors: per revision and claim, where the claim went (unchanged,
  moved, changed, lost), the proposed chains for a changed claim, and the
  stale flag an editor resolves (confirmed or reopened).

Written by hand.

Revision ID: 0008_article_revisions
Revises: 0005_trust_review
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_article_revisions"
down_revision = "0007_claim_matching"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=32)


def upgrade() -> None:
    op.create_table(
        "article_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("origin", _enum("revisionorigin", "original", "paste", "upload", "fetch"),
                  nullable=False),
        sa.Column("url", sa.String(2048), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_article_revisions_article_id_articles"),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"],
                                name="fk_article_revisions_added_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_article_revisions"),
        sa.UniqueConstraint("article_id", "number", name="uq_article_revisions_number"),
        sa.UniqueConstraint("article_id", "content_hash", name="uq_article_revisions_text"),
    )
    op.create_table(
        "claim_reanchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("outcome", _enum("outcome", "unchanged", "moved", "changed", "lost"),
                  nullable=False),
        sa.Column("old_text", sa.Text(), nullable=False),
        sa.Column("old_start", sa.Integer(), nullable=False),
        sa.Column("old_end", sa.Integer(), nullable=False),
        sa.Column("new_text", sa.Text(), nullable=True),
        sa.Column("new_start", sa.Integer(), nullable=True),
        sa.Column("new_end", sa.Integer(), nullable=True),
        sa.Column("proposed_chains", sa.Text(), nullable=True),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("stale_reason", sa.String(300), nullable=True),
        sa.Column("resolution", _enum("staleresolution", "confirmed", "reopened"),
                  nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["revision_id"], ["article_revisions.id"], ondelete="CASCADE",
                                name="fk_claim_reanchors_revision_id_article_revisions"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE",
                                name="fk_claim_reanchors_claim_id_claims"),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"],
                                name="fk_claim_reanchors_resolved_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_claim_reanchors"),
    )
    op.create_index("ix_claim_reanchors_revision_id", "claim_reanchors", ["revision_id"])
    op.create_index("ix_claim_reanchors_claim_id", "claim_reanchors", ["claim_id"])
    op.create_index("ix_claim_reanchors_stale_resolution", "claim_reanchors",
                    ["stale", "resolution"])


def downgrade() -> None:
    op.drop_index("ix_claim_reanchors_stale_resolution", table_name="claim_reanchors")
    op.drop_index("ix_claim_reanchors_claim_id", table_name="claim_reanchors")
    op.drop_index("ix_claim_reanchors_revision_id", table_name="claim_reanchors")
    op.drop_table("claim_reanchors")
    op.drop_table("article_revisions")
