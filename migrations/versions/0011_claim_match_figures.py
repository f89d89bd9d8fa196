"""What claim matching found for each claim (its closest published verdicts
and their similarity) and each claim's lookup terms, so that the dashboard's "already
checked" share and newly arriving verdicts never search claim by claim.

Written by hand. Existing claims get their figures from
``factcheck claimreview match-claims`` (nothing is computed here: the
search needs the application's tokenizer).

Revision ID: 0011_claim_match_figures
Revises: 0010_article_fetch_validators
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

import factcheck.models.types

revision = "0011_claim_match_figures"
down_revision = "0010_article_fetch_validators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_match_figures",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("best_similarity", sa.Float(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("matched_at", factcheck.models.types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"],
                                name=op.f("fk_claim_match_figures_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_match_figures")),
    )
    op.create_table(
        "claim_match_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"],
                                name=op.f("fk_claim_match_terms_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("term", "claim_id", name=op.f("pk_claim_match_terms")),
    )
    op.create_index("ix_claim_match_terms_claim_id", "claim_match_terms", ["claim_id"])
    op.create_table(
        "claim_matches",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"],
                                name=op.f("fk_claim_matches_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["match_documents.id"],
                                name=op.f("fk_claim_matches_document_id_match_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", "document_id", name=op.f("pk_claim_matches")),
    )
    op.create_index("ix_claim_matches_document_id", "claim_matches", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_claim_matches_document_id", table_name="claim_matches")
    op.drop_table("claim_matches")
    op.drop_index("ix_claim_match_terms_claim_id", table_name="claim_match_terms")
    op.drop_table("claim_match_terms")
    op.drop_table("claim_match_figures")
