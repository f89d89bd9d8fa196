"""Trust: review revisions kept beside blind originals, verdict snapshots,
public correction notes, merged claims.

- review_revisions: a reviewer's change after the claim was unblinded; the
  blind original stays in reviews.
- verdicts: what each approved verdict judged and publishes (claim text,
  chains with source names and kinds, attribution rating, claimant), frozen
  at approval. Existing verdicts are backfilled from the claim as it stands
  now, with the attribution rating its submitted reviews agree on and the
  claimant by the default rule: the innermost source of the first chain
  when that rating is accurate, otherwise the article's outlet.
- corrections.public_note: what readers are told. Existing "verdict changed"
  notes were written for readers (the form said so) and are copied;
  "reopened" notes were internal reasons and are not.
- claims.merged_into_id: the claim a merged one now lives in.

Written by hand.

Revision ID: 0005_trust_review
Revises: 0004
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0005_trust_review"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("truth_rating", sa.Enum("true", "mostly_true", "half_true", "mostly_false",
                                          "false", "misleading", "unverifiable",
                                          "not_checkable", name="truthrating",
                                          native_enum=False, create_constraint=False,
                                          length=32), nullable=False),
        sa.Column("attribution_rating", sa.Enum("accurate", "misattributed", "unverifiable",
                                                name="attributionrating", native_enum=False,
                                                create_constraint=False, length=32),
                  nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_revisions_review_id", "review_revisions", ["review_id"])
    op.add_column("verdicts", sa.Column("claim_text", sa.Text(), nullable=True))
    op.add_column("verdicts", sa.Column(
        "attribution_rating", sa.Enum("accurate", "misattributed", "unverifiable",
                                      name="attributionrating", native_enum=False,
                                      create_constraint=False, length=32), nullable=True))
    op.add_column("verdicts", sa.Column("chains_json", sa.Text(), nullable=True))
    op.add_column("verdicts", sa.Column("claimant", sa.String(300), nullable=True))
    op.add_column("verdicts", sa.Column(
        "claimant_kind", sa.Enum("publication", "person", "organization", "government",
                                 "document", "anonymous", "social_media", "unknown",
                                 name="sourcekind", native_enum=False,
                                 create_constraint=False, length=32), nullable=True))
    op.add_column("corrections", sa.Column("public_note", sa.Text(), nullable=False,
                                           server_default=""))
    op.add_column("claims", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE corrections SET public_note = note "
                         "WHERE kind = 'verdict_changed'"))
    chains: dict[int, list[list[list[str]]]] = {}
    rows = bind.execute(sa.text(
        "SELECT a.claim_id, a.id, s.name, s.kind FROM attributions a "
        "JOIN attribution_hops h ON h.attribution_id = a.id "
        "JOIN sources s ON s.id = h.source_id "
        "ORDER BY a.claim_id, a.position, h.position"))
    last: tuple[int, int] | None = None
    for claim_id, attribution_id, name, kind in rows:
        if last != (claim_id, attribution_id):
            chains.setdefault(claim_id, []).append([])
            last = (claim_id, attribution_id)
        chains[claim_id][-1].append([name, kind])
    ratings: dict[int, set[str]] = {}
    for claim_id, rating in bind.execute(sa.text(
            "SELECT claim_id, attribution_rating FROM reviews "
            "WHERE submitted_at IS NOT NULL AND attribution_rating IS NOT NULL")):
        ratings.setdefault(claim_id, set()).add(rating)
    verdicts = bind.execute(sa.text(
        "SELECT v.id, v.claim_id, c.text, a.outlet FROM verdicts v "
        "JOIN claims c ON c.id = v.claim_id JOIN articles a ON a.id = c.article_id")).all()
    for verdict_id, claim_id, text, outlet in verdicts:
        found = ratings.get(claim_id, set())
        agreed = next(iter(found)) if len(found) == 1 else None
        claim_chains = chains.get(claim_id, [])
        if agreed == "accurate" and claim_chains and claim_chains[0]:
            claimant, kind = claim_chains[0][-1]
        else:
            claimant, kind = (outlet, "publication") if outlet else (None, None)
        bind.execute(sa.text(
            "UPDATE verdicts SET claim_text = :text, chains_json = :chains, "
            "attribution_rating = :agreed, claimant = :claimant, claimant_kind = :kind "
            "WHERE id = :id"),
            {"text": text, "chains": json.dumps(claim_chains, ensure_ascii=False),
             "agreed": agreed, "claimant": claimant, "kind": kind, "id": verdict_id})


def downgrade() -> None:
    op.drop_column("claims", "merged_into_id")
    op.drop_column("corrections", "public_note")
    for column in ("claimant_kind", "claimant", "chains_json", "attribution_rating",
                   "claim_text"):
        op.drop_column("verdicts", column)
    op.drop_index("ix_review_revisions_review_id", table_name="review_revisions")
    op.drop_table("review_revisions")
