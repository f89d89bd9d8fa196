"""Maintained figures: ``figure_counts`` (counters the dashboard, the
source registry and the home page read instead of recounting the archive)
and ``shared_cache`` (what stays cached, one copy for every app process
when no Redis is configured). The counters are backfilled from the rows
already there.

Written by hand.

Revision ID: 0014_maintained_figures
Revises: 0013_jobs
Create Date: 2026-12-01
"""

from collections import Counter

import sqlalchemy as sa
from alembic import op

from factcheck.domain import figures
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.sources import SourceKind

revision = "0014_maintained_figures"
down_revision = "0013_jobs"
branch_labels = None
depends_on = None

# The tables as they stand at this revision (not the models, which move on).
articles = sa.table("articles", sa.column("id"), sa.column("outlet"))
claims = sa.table("claims", sa.column("id"), sa.column("article_id"), sa.column("status"))
verdicts = sa.table("verdicts", sa.column("id"), sa.column("claim_id"), sa.column("rating"),
                    sa.column("approved_at", sa.DateTime()))
attributions = sa.table("attributions", sa.column("id"), sa.column("claim_id"))
hops = sa.table("attribution_hops", sa.column("attribution_id"), sa.column("source_id"))
sources = sa.table("sources", sa.column("id"), sa.column("kind"))
figure_counts = sa.table("figure_counts", sa.column("figure"), sa.column("first_key"),
                         sa.column("second_key"), sa.column("n"))


def upgrade() -> None:
    op.create_table(
        "figure_counts",
        sa.Column("figure", sa.String(40), nullable=False),
        sa.Column("first_key", sa.String(200), nullable=False),
        sa.Column("second_key", sa.String(40), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("figure", "first_key", "second_key",
                                name=op.f("pk_figure_counts")),
    )
    op.create_table(
        "shared_cache",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_shared_cache")),
    )
    op.create_index(op.f("ix_shared_cache_expires_at"), "shared_cache", ["expires_at"])
    _backfill(op.get_bind())


def _backfill(connection: sa.Connection) -> None:
    """The same per-claim contributions the flush hooks maintain, summed
    over every claim already stored."""
    newest = (sa.select(verdicts.c.claim_id, sa.func.max(verdicts.c.id).label("verdict_id"))
              .group_by(verdicts.c.claim_id).subquery())
    current = {row.claim_id: (row.rating, row.approved_at) for row in connection.execute(
        sa.select(verdicts.c.claim_id, verdicts.c.rating, verdicts.c.approved_at)
        .join(newest, newest.c.verdict_id == verdicts.c.id))}
    chains: dict[int, list[tuple[int, SourceKind]]] = {}
    for claim_id, source_id, kind in connection.execute(
            sa.select(attributions.c.claim_id, hops.c.source_id, sources.c.kind)
            .join(hops, hops.c.attribution_id == attributions.c.id)
            .join(sources, sources.c.id == hops.c.source_id)):
        chains.setdefault(claim_id, []).append((source_id, SourceKind(kind)))
    counts: Counter[figures.Key] = Counter()
    for claim_id, outlet, status in connection.execute(
            sa.select(claims.c.id, articles.c.outlet, claims.c.status)
            .join(articles, articles.c.id == claims.c.article_id)):
        rating, approved_at = current.get(claim_id, (None, None))
        counts.update(figures.contribution(figures.ClaimState(
            outlet, ClaimStatus(status), TruthRating(rating) if rating else None,
            approved_at, tuple(chains.get(claim_id, ())))))
    article_count = connection.scalar(sa.select(sa.func.count()).select_from(articles)) or 0
    if article_count:
        counts[figures.ARTICLES] += article_count
    rows = [{"figure": f, "first_key": a, "second_key": b, "n": n}
            for (f, a, b), n in sorted(counts.items()) if n]
    for start in range(0, len(rows), 1000):
        connection.execute(sa.insert(figure_counts), rows[start:start + 1000])


def downgrade() -> None:
    op.drop_index(op.f("ix_shared_cache_expires_at"), table_name="shared_cache")
    op.drop_table("shared_cache")
    op.drop_table("figure_counts")
