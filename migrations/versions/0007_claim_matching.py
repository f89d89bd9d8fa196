"""Claim matching: other fact-checkers' verdicts (imported ClaimReview),
the documents our own and their verdicts are searched by, term counts, and
the full-text index on each database, kept in step by triggers so that an
index write is always part of the transaction that publishes or imports.

Written by hand (autogenerate cannot express FTS5 or the triggers).

Revision ID: 0007_claim_matching
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

import factcheck.models.types

revision = "0007_claim_matching"
down_revision = "0006_trust_ops"
branch_labels = None
depends_on = None

SQLITE_UP = [
    # External content: the words live in match_documents, FTS5 keeps only
    # the index. Terms are pre-tokenised ASCII, so the default tokenizer
    # splits them exactly as stored.
    "CREATE VIRTUAL TABLE match_fts USING fts5(claim_terms, title_terms, "
    "content='match_documents', content_rowid='id')",
    "CREATE TRIGGER match_documents_ai AFTER INSERT ON match_documents BEGIN "
    "INSERT INTO match_fts(rowid, claim_terms, title_terms) "
    "VALUES (new.id, new.claim_terms, new.title_terms); END",
    "CREATE TRIGGER match_documents_ad AFTER DELETE ON match_documents BEGIN "
    "INSERT INTO match_fts(match_fts, rowid, claim_terms, title_terms) "
    "VALUES ('delete', old.id, old.claim_terms, old.title_terms); END",
    "CREATE TRIGGER match_documents_au AFTER UPDATE ON match_documents BEGIN "
    "INSERT INTO match_fts(match_fts, rowid, claim_terms, title_terms) "
    "VALUES ('delete', old.id, old.claim_terms, old.title_terms); "
    "INSERT INTO match_fts(rowid, claim_terms, title_terms) "
    "VALUES (new.id, new.claim_terms, new.title_terms); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS match_documents_au",
    "DROP TRIGGER IF EXISTS match_documents_ad",
    "DROP TRIGGER IF EXISTS match_documents_ai",
    "DROP TABLE IF EXISTS match_fts",
]
POSTGRES_UP = [
    # 'simple': the terms are already stemmed and stopword-free.
    "CREATE FUNCTION match_documents_vector() RETURNS trigger AS $$ BEGIN "
    "NEW.search_vector := setweight(to_tsvector('simple', NEW.claim_terms), 'A') || "
    "setweight(to_tsvector('simple', NEW.title_terms), 'B'); RETURN NEW; END "
    "$$ LANGUAGE plpgsql",
    "CREATE TRIGGER match_documents_vector BEFORE INSERT OR UPDATE OF claim_terms, "
    "title_terms ON match_documents FOR EACH ROW EXECUTE FUNCTION match_documents_vector()",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS match_documents_vector ON match_documents",
    "DROP FUNCTION IF EXISTS match_documents_vector()",
]


def upgrade() -> None:
    op.create_table(
        "external_verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_url", sa.String(length=2048), nullable=False),
        sa.Column("publisher_name", sa.String(length=300), nullable=False),
        sa.Column("publisher_url", sa.String(length=2048), nullable=False),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("claimant", sa.String(length=300), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("rating_text", sa.String(length=300), nullable=False),
        sa.Column("rating_value", sa.Float(), nullable=True),
        sa.Column("best_rating", sa.Float(), nullable=True),
        sa.Column("worst_rating", sa.Float(), nullable=True),
        sa.Column("imported_at", factcheck.models.types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.Column("updated_at", factcheck.models.types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_verdicts")),
        sa.UniqueConstraint("review_url", name=op.f("uq_external_verdicts_review_url")),
    )
    op.create_table(
        "match_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("verdict_id", sa.Integer(), nullable=True),
        sa.Column("external_verdict_id", sa.Integer(), nullable=True),
        sa.Column("claim_terms", sa.Text(), nullable=False),
        sa.Column("title_terms", sa.Text(), nullable=False),
        sa.Column("claim_length", sa.Integer(), nullable=False),
        sa.Column("title_length", sa.Integer(), nullable=False),
        sa.Column("search_vector", sa.Text().with_variant(TSVECTOR(), "postgresql"),
                  nullable=True),
        sa.CheckConstraint("(claim_id IS NULL) <> (external_verdict_id IS NULL)",
                           name=op.f("ck_match_documents_one_owner")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"],
                                name=op.f("fk_match_documents_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["verdict_id"], ["verdicts.id"],
                                name=op.f("fk_match_documents_verdict_id_verdicts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["external_verdict_id"], ["external_verdicts.id"],
                                name=op.f("fk_match_documents_external_verdict_id_external_verdicts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_documents")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_match_documents_claim_id")),
        sa.UniqueConstraint("external_verdict_id",
                            name=op.f("uq_match_documents_external_verdict_id")),
    )
    op.create_index("ix_match_documents_search_vector", "match_documents", ["search_vector"],
                    unique=False, postgresql_using="gin")
    op.create_table(
        "match_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_match_terms")),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWN if dialect == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_table("match_terms")
    op.drop_index("ix_match_documents_search_vector", table_name="match_documents")
    op.drop_table("match_documents")
    op.drop_table("external_verdicts")
