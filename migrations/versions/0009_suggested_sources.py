"""Suggested sources: when a source was confirmed.

- sources.confirmed_at: a source that extraction made is a suggestion
  (NULL) until a person confirms or edits it, names it in a chain by hand,
  or submits a review of a claim resting on it. Who did is in the audit
  trail (source_confirmed, source_updated, source_merged events), so no
  user column: on SQLite one with a foreign key would need a copy of the
  sources table, which the hops and aliases referencing it refuse.

Existing sources: working out from the audit trail which ones a person
edited or chained by hand is more than a migration should do, so this
simply marks a source confirmed when some claim whose chain includes it has
a submitted review (confirmed_at is then the earliest such review's
submission), and leaves every other source
suggested. An editor confirms the rest from the registry.

Written by hand.

Revision ID: 0009_suggested_sources
Revises: 0008_article_revisions
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_suggested_sources"
down_revision = "0008_article_revisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not batch mode: ADD COLUMN of a nullable column rewrites nothing.
    op.add_column("sources", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    op.get_bind().execute(sa.text(
        "UPDATE sources SET confirmed_at = ("
        " SELECT MIN(reviews.submitted_at) FROM attribution_hops"
        " JOIN attributions ON attributions.id = attribution_hops.attribution_id"
        " JOIN reviews ON reviews.claim_id = attributions.claim_id"
        " WHERE attribution_hops.source_id = sources.id"
        " AND reviews.submitted_at IS NOT NULL)"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: a copy of sources would be refused by its referrers.
        op.execute("ALTER TABLE sources DROP COLUMN confirmed_at")
    else:
        op.drop_column("sources", "confirmed_at")
