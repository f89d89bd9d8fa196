"""The migrations build exactly the schema the models describe, and undo it."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from factcheck.extensions import db


def test_upgrade_head_matches_models_and_downgrade_base_works(fresh_app):
    with fresh_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []

        downgrade(revision="base")
        with db.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
        assert tables == set()

        # And back up again: a downgrade leaves nothing behind that blocks it.
        upgrade()
        with db.engine.connect() as connection:
            assert "audit_events" in sa.inspect(connection).get_table_names()


def test_0005_backfills_snapshots_and_keeps_reopen_reasons_internal(fresh_app):
    """Verdicts approved before snapshots existed get one from the claim as
    it stood at upgrade; reopen reasons (internal) are not made public."""
    from datetime import UTC, datetime

    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).replace(tzinfo=None)
    with fresh_app.app_context():
        upgrade(revision="0004")
        with db.engine.begin() as connection:
            tables = sa.MetaData()
            tables.reflect(connection)

            def add(table, **values):
                return connection.execute(tables.tables[table].insert().values(**values)
                                          ).inserted_primary_key[0]

            user = add("users", email="e@example.org", display_name="E", password_hash="x",
                       role="editor", active=True, session_version=1, created_at=now,
                       password_changed_at=now)
            article = add("articles", title="T", outlet="Harbour Post", body="Cargo fell.",
                          content_hash="h" * 64, added_by_id=user, added_at=now)
            claims = [add("claims", article_id=article, text=text, start=0, end=5, prefix="",
                          suffix="", kind="factual", checkworthiness=0.5, status="published",
                          created_at=now, updated_at=now, version=1)
                      for text in ("Cargo", "Fell.")]
            source = add("sources", name="Port Authority", name_key="port authority",
                         kind="government", notes="", created_at=now, version=1)
            for claim, rating in zip(claims, ("accurate", "misattributed"), strict=True):
                chain = add("attributions", claim_id=claim, position=0)
                add("attribution_hops", attribution_id=chain, position=0, source_id=source,
                    hedges="", inherited=False)
                add("reviews", claim_id=claim, reviewer_id=user, truth_rating="false",
                    attribution_rating=rating, rationale="", created_at=now, updated_at=now,
                    submitted_at=now, version=1)
                add("verdicts", claim_id=claim, rating="false", public_rationale="No.",
                    approved_by_id=user, approved_at=now, correction_note="")
            for kind, note in (("reopened", "Reader email: internal"),
                               ("verdict_changed", "Figure revised.")):
                add("corrections", claim_id=claims[0], kind=kind, note=note,
                    created_by_id=user, created_at=now)
        upgrade()
        with db.engine.connect() as connection:
            verdicts = connection.execute(sa.text(
                "SELECT claim_text, chains_json, attribution_rating, claimant, claimant_kind "
                "FROM verdicts ORDER BY id")).all()
            notes = connection.execute(sa.text(
                "SELECT kind, public_note FROM corrections ORDER BY id")).all()
    chain = '[[["Port Authority", "government"]]]'
    assert [tuple(row) for row in verdicts] == [
        ("Cargo", chain, "accurate", "Port Authority", "government"),
        ("Fell.", chain, "misattributed", "Harbour Post", "publication")]
    assert [tuple(row) for row in notes] == [("reopened", ""),
                                             ("verdict_changed", "Figure revised.")]
