"""Sentence vectors of the search documents, for the optional semantic
ranker (README: Semantic matching).

claim_vectors: one row per match_documents row that has a vector (model
name and digest, hash of the text it came from, float32 bytes). Written by
the claim_vectors job; dropped with its document.

Reviewed by hand: one new table, no data change (vectors are computed by
the job after the upgrade, ``factcheck matching vectors``).

Revision ID: 0021_claim_vectors
Revises: 0019_claim_sourcing
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op


revision = "0021_claim_vectors"
down_revision = "0019_claim_sourcing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_vectors",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(80), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["match_documents.id"],
                                name=op.f("fk_claim_vectors_document_id_match_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_claim_vectors")),
    )


def downgrade() -> None:
    op.drop_table("claim_vectors")
