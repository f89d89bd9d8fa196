"""The validators (ETag, Last-Modified) of an article's last fetch by
``factcheck revisions check``, sent back as a conditional GET next time.

Written by hand. Branches from 0008 beside 0009; the lead relinks the two
into one line at the merge.

Revision ID: 0010_article_fetch_validators
Revises: 0008_article_revisions
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_article_fetch_validators"
down_revision = "0009_suggested_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("fetch_etag", sa.String(300), nullable=True))
        batch.add_column(sa.Column("fetch_last_modified", sa.String(300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("fetch_last_modified")
        batch.drop_column("fetch_etag")
