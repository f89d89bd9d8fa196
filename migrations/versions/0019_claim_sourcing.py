"""Each claim's sourcing kept on the claim, for the claim list's filters.

claims.sourcing ('none', 'single', 'several': distinct sources its chains
rest on) and claims.rests_on_anonymous (any of them anonymous), backfilled
from the stored chains with one UPDATE (correlated subqueries: the same
SQL on SQLite and PostgreSQL); indexes that read a sourcing's claims
newest first; and the counters the filtered list's total comes from
(figure_counts "claims_anonymous", "claims_single", "claims_none" per
outlet and status), backfilled from the new columns.

Written by hand.

Revision ID: 0019_claim_sourcing
Revises: 0018_unassigned_queue_index
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_claim_sourcing"
down_revision = "0018_unassigned_queue_index"
branch_labels = None
depends_on = None

DISTINCT_SOURCES = """(SELECT count(DISTINCT attribution_hops.source_id)
    FROM attributions JOIN attribution_hops
      ON attribution_hops.attribution_id = attributions.id
    WHERE attributions.claim_id = claims.id)"""
ANY_ANONYMOUS = """EXISTS (SELECT 1
    FROM attributions JOIN attribution_hops
      ON attribution_hops.attribution_id = attributions.id
    JOIN sources ON sources.id = attribution_hops.source_id
    WHERE attributions.claim_id = claims.id AND sources.kind = 'anonymous')"""
BACKFILL = f"""UPDATE claims SET
    sourcing = CASE {DISTINCT_SOURCES} WHEN 0 THEN 'none' WHEN 1 THEN 'single'
               ELSE 'several' END,
    rests_on_anonymous = {ANY_ANONYMOUS}"""

# Counters per (outlet, status) for each sourcing kind, as
# factcheck.domain.figures.contribution adds them (every status).
KINDS = {
    "claims_anonymous": "claims.rests_on_anonymous = {true}",
    "claims_single": "claims.sourcing = 'single'",
    "claims_none": "claims.sourcing = 'none'",
}
COUNTERS = """INSERT INTO figure_counts (figure, first_key, second_key, n)
    SELECT '{figure}', coalesce(articles.outlet, ''), claims.status, count(*)
    FROM claims JOIN articles ON articles.id = claims.article_id
    WHERE {condition}
    GROUP BY coalesce(articles.outlet, ''), claims.status"""


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch, which on SQLite would copy the table
    # and cascade-delete what points at claims).
    op.add_column("claims", sa.Column(
        "sourcing", sa.Enum("none", "single", "several", name="sourcing", native_enum=False,
                            create_constraint=False, length=32),
        nullable=False, server_default="none"))
    op.add_column("claims", sa.Column("rests_on_anonymous", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    bind = op.get_bind()
    bind.execute(sa.text(BACKFILL))
    true = "true" if bind.dialect.name == "postgresql" else "1"
    for figure, condition in KINDS.items():
        bind.execute(sa.text(f"DELETE FROM figure_counts WHERE figure = '{figure}'"))
        bind.execute(sa.text(COUNTERS.format(figure=figure,
                                             condition=condition.format(true=true))))
    op.create_index("ix_claims_anonymous_created", "claims",
                    ["rests_on_anonymous", "created_at", "id", "status"], unique=False)
    op.create_index("ix_claims_sourcing_created", "claims",
                    ["sourcing", "created_at", "id", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claims_sourcing_created", table_name="claims")
    op.drop_index("ix_claims_anonymous_created", table_name="claims")
    bind = op.get_bind()
    for figure in KINDS:
        bind.execute(sa.text(f"DELETE FROM figure_counts WHERE figure = '{figure}'"))
    op.drop_column("claims", "rests_on_anonymous")
    op.drop_column("claims", "sourcing")
