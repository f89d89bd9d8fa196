"""Semantic matching's stored matches: each matched claim keeps its
sentence vector, for verdicts that arrive later, and each stored match its
place in the list; each verdict's vector records the write it came from
(README: Semantic matching).

claim_match_figures.vector (float32 bytes) and .vector_model (model name
and weights digest), both nullable: written when a claim is matched with
semantic matching on, empty otherwise. claim_matches.position (0 first):
the fused ranking's order, which is not always the similarity's; rows
stored before have 0, and the pages order ties by similarity, as before.
claim_vectors.generation (0 for rows written before), indexed with the
model: processes holding the vectors read only later writes.

Reviewed by hand: four new columns (two nullable, two with a server
default of 0) and one index; no data change (claims matched before keep no
vector: a later verdict is compared with them on words, until
``factcheck claimreview match-claims`` matches them again).

Revision ID: 0022_claim_match_vectors
Revises: 0021_claim_vectors
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op


revision = "0022_claim_match_vectors"
down_revision = "0021_claim_vectors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim_match_figures", sa.Column("vector", sa.LargeBinary(), nullable=True))
    op.add_column("claim_match_figures",
                  sa.Column("vector_model", sa.String(80), nullable=True))
    op.add_column("claim_matches", sa.Column("position", sa.SmallInteger(), nullable=False,
                                             server_default="0"))
    op.add_column("claim_vectors", sa.Column("generation", sa.BigInteger(), nullable=False,
                                             server_default="0"))
    op.create_index("ix_claim_vectors_model_generation", "claim_vectors",
                    ["model", "generation"])


def downgrade() -> None:
    op.drop_index("ix_claim_vectors_model_generation", table_name="claim_vectors")
    op.drop_column("claim_vectors", "generation")
    op.drop_column("claim_matches", "position")
    op.drop_column("claim_match_figures", "vector_model")
    op.drop_column("claim_match_figures", "vector")
