"""The migrations build exactly the schema the models describe, one revision
at a time, and each downgrade undoes exactly its own upgrade."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade

from factcheck import MIGRATIONS_DIR
from factcheck.extensions import db
from factcheck.models.external_verdict import outside_models


def revisions_base_to_head() -> list[str]:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def schema() -> dict[str, Any]:
    """What a migration can change, table by table, in comparable form."""
    with db.engine.connect() as connection:
        inspector = sa.inspect(connection)
        return {
            table: {
                "columns": sorted((column["name"], str(column["type"]), column["nullable"])
                                  for column in inspector.get_columns(table)),
                "indexes": sorted((index["name"], tuple(index["column_names"]),
                                   bool(index["unique"]))
                                  for index in inspector.get_indexes(table)),
                "foreign_keys": sorted((tuple(key["constrained_columns"]), key["referred_table"],
                                        tuple(key["referred_columns"]))
                                       for key in inspector.get_foreign_keys(table)),
                "unique": sorted(tuple(constraint["column_names"])
                                 for constraint in inspector.get_unique_constraints(table)),
            }
            for table in inspector.get_table_names() if table != "alembic_version"
        }


def differences_from_models() -> list[Any]:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                   "include_name": outside_models})
        return list(compare_metadata(context, db.metadata))


def test_revisions_form_one_line_from_base_to_head():
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    revisions = revisions_base_to_head()
    assert len(revisions) >= 4
    assert script.get_heads() == [revisions[-1]]
    assert script.get_revision(revisions[0]).down_revision is None


def test_each_revision_upgrades_and_downgrades_by_itself(fresh_app: Flask):
    revisions = revisions_base_to_head()
    with fresh_app.app_context():
        before: dict[str | None, dict[str, Any]] = {None: schema()}
        assert before[None] == {}
        for revision in revisions:
            upgrade(revision=revision)
            assert current_revision() == revision
            before[revision] = schema()
            assert before[revision] != before[revision_below(revisions, revision)], (
                f"revision {revision} changed nothing the inspector sees")

        assert differences_from_models() == []

        for revision in reversed(revisions):
            below = revision_below(revisions, revision)
            downgrade(revision=below or "base")
            assert current_revision() == below
            assert schema() == before[below], f"downgrading {revision} left changes behind"

        # And back up again in one go: a downgrade leaves nothing that blocks it.
        upgrade()
        assert current_revision() == revisions[-1]
        assert schema() == before[revisions[-1]]
        assert differences_from_models() == []


def revision_below(revisions: list[str], revision: str) -> str | None:
    position = revisions.index(revision)
    return revisions[position - 1] if position else None


def row_adder(connection: sa.Connection) -> Callable[..., Any]:
    """Inserts rows into the tables as they stand at the current revision
    (the models describe head, not the revision a backfill test stops at)."""
    tables = sa.MetaData()
    tables.reflect(connection)

    def add(table: str, **values: Any) -> Any:
        return connection.execute(tables.tables[table].insert().values(**values)
                                  ).inserted_primary_key[0]
    return add


def test_0005_backfills_snapshots_and_keeps_reopen_reasons_internal(fresh_app):
    """Verdicts approved before snapshots existed get one from the claim as
    it stood at upgrade; reopen reasons (internal) are not made public."""
    from datetime import UTC, datetime

    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).replace(tzinfo=None)
    with fresh_app.app_context():
        upgrade(revision="0004")
        with db.engine.begin() as connection:
            add = row_adder(connection)
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


def test_0009_confirms_only_sources_of_reviewed_claims(fresh_app):
    """A source some submitted review's claim rests on is confirmed at that
    review's time; a draft review or no review leaves a source suggested."""
    from datetime import UTC, datetime

    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).replace(tzinfo=None)
    with fresh_app.app_context():
        upgrade(revision="0008_article_revisions")
        with db.engine.begin() as connection:
            add = row_adder(connection)
            user = add("users", email="e@example.org", display_name="E", password_hash="x",
                       role="editor", active=True, session_version=1, created_at=now,
                       password_changed_at=now)
            article = add("articles", title="T", outlet="Quay Post", body="Tolls rose. Ships.",
                          content_hash="q" * 64, added_by_id=user, added_at=now)
            names = {}
            for text, name, submitted in (("Tolls rose.", "Quay Board", now),
                                          ("Ships.", "Quay Gazette", None)):
                claim = add("claims", article_id=article, text=text, start=0, end=5, prefix="",
                            suffix="", kind="factual", checkworthiness=0.5, status="in_review",
                            created_at=now, updated_at=now, version=1)
                names[name] = add("sources", name=name, name_key=name.lower(),
                                  kind="organization", notes="", created_at=now, version=1)
                chain = add("attributions", claim_id=claim, position=0)
                add("attribution_hops", attribution_id=chain, position=0,
                    source_id=names[name], hedges="", inherited=False)
                add("reviews", claim_id=claim, reviewer_id=user, truth_rating="true",
                    attribution_rating="accurate", rationale="", created_at=now,
                    updated_at=now, submitted_at=submitted, version=1)
            names["Quay Radio"] = add("sources", name="Quay Radio", name_key="quay radio",
                                      kind="publication", notes="", created_at=now, version=1)
        upgrade()
        with db.engine.connect() as connection:
            confirmed = dict(connection.execute(sa.text(
                "SELECT name, confirmed_at IS NOT NULL FROM sources")).all())
        assert confirmed == {"Quay Board": True, "Quay Gazette": False, "Quay Radio": False}


def _editor_and_two_sources(add: Callable[..., Any], now: Any) -> tuple[Any, Any, Any]:
    """An editor's id, then an anonymous source's and an organization's."""
    user = add("users", email="e@example.org", display_name="E", password_hash="x",
               role="editor", active=True, session_version=1, created_at=now,
               password_changed_at=now)
    anonymous = add("sources", name="Officials", name_key="officials",
                    kind="anonymous", notes="", created_at=now, version=1)
    board = add("sources", name="Quay Board", name_key="quay board",
                kind="organization", notes="", created_at=now, version=1)
    return user, anonymous, board


def test_0014_backfills_the_maintained_figures_from_existing_rows(fresh_app):
    """Counters for the archive as it stood at upgrade: what `figures
    verify` recounts, and what the pages would have aggregated."""
    from datetime import UTC, datetime

    from factcheck.services.core.actors import SystemActor
    from factcheck.services.figures import check

    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).replace(tzinfo=None)
    with fresh_app.app_context():
        upgrade(revision="0010_article_fetch_validators")
        with db.engine.begin() as connection:
            add = row_adder(connection)
            user, anonymous, board = _editor_and_two_sources(add, now)
            for outlet, statuses in (("Quay Post", ("published", "new", "not_a_claim")),
                                     (None, ("in_review",))):
                article = add("articles", title="T", outlet=outlet, body="Tolls rose.",
                              content_hash=(outlet or "none").ljust(64, "x"),
                              added_by_id=user, added_at=now)
                for status in statuses:
                    claim = add("claims", article_id=article, text="Tolls", start=0, end=5,
                                prefix="", suffix="", kind="factual", checkworthiness=0.5,
                                status=status, created_at=now, updated_at=now, version=1)
                    chain = add("attributions", claim_id=claim, position=0)
                    for position, source in enumerate((board, anonymous)[:1 + (status == "new")]):
                        add("attribution_hops", attribution_id=chain, position=position,
                            source_id=source, hedges="", inherited=False)
                    if status == "published":
                        for rating in ("true", "false"):  # the second supersedes
                            add("verdicts", claim_id=claim, rating=rating,
                                public_rationale="No.", approved_by_id=user, approved_at=now,
                                correction_note="")
        upgrade()
        counters = dict(((f, a, b), n) for f, a, b, n in db.session.execute(sa.text(
            "SELECT figure, first_key, second_key, n FROM figure_counts")))
        assert check.verify(db.session, SystemActor(label="test")).ok
        db.session.rollback()
    assert counters[("articles", "", "")] == 2
    assert counters[("claims", "Quay Post", "not_a_claim")] == 1
    assert counters[("claims", "", "in_review")] == 1
    assert counters[("verdicts", "Quay Post", "false")] == 1
    assert ("verdicts", "Quay Post", "true") not in counters
    assert counters[("verdict_day", "Quay Post", "2026-11-30")] == 1
    assert counters[("source", str(board), "claims")] == 3  # the dismissed span left out
    assert counters[("source", str(board), "false")] == 1
    assert counters[("source", str(anonymous), "anonymous")] == 1
    assert counters[("sourcing", "Quay Post", "single")] == 1


def test_0019_backfills_each_claims_sourcing_from_its_chains(fresh_app):
    """Claims stored before 0019 get the sourcing their chains give, and the
    per-status sourcing counters; `figures verify`'s recount agrees with
    both (the rows go in behind the older counters' back, so those differ)."""
    from datetime import UTC, datetime

    from factcheck.domain import figures
    from factcheck.services.figures.recount import recount, stored_sourcing_differences

    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC).replace(tzinfo=None)
    with fresh_app.app_context():
        upgrade(revision="0018_unassigned_queue_index")
        with db.engine.begin() as connection:
            add = row_adder(connection)
            user, unnamed, board = _editor_and_two_sources(add, now)
            article = add("articles", title="T", outlet="Quay Post", body="Tolls rose.",
                          content_hash="q" * 64, added_by_id=user, added_at=now)
            # name: (status, chains as lists of source ids)
            shapes = {"none": ("new", []), "empty chain": ("new", [[]]),
                      "single": ("in_review", [[board], [board]]),
                      "anonymous": ("new", [[board, unnamed]]),
                      "dismissed": ("not_a_claim", [[unnamed]])}
            ids = {}
            for name, (status, chains) in shapes.items():
                ids[name] = add("claims", article_id=article, text="Tolls", start=0, end=5,
                                prefix="", suffix="", kind="factual", checkworthiness=0.5,
                                status=status, created_at=now, updated_at=now, version=1)
                for position, chain in enumerate(chains):
                    attribution = add("attributions", claim_id=ids[name], position=position)
                    for hop, source in enumerate(chain):
                        add("attribution_hops", attribution_id=attribution, position=hop,
                            source_id=source, hedges="", inherited=False)
        upgrade()
        with db.engine.connect() as connection:
            stored = {claim_id: (sourcing, bool(anonymous))
                      for claim_id, sourcing, anonymous in connection.execute(sa.text(
                          "SELECT id, sourcing, rests_on_anonymous FROM claims"))}
            counters = dict(((f, a, b), n) for f, a, b, n in connection.execute(sa.text(
                "SELECT figure, first_key, second_key, n FROM figure_counts "
                "WHERE figure LIKE 'claims\\_%' ESCAPE '\\'")))
        assert stored_sourcing_differences(db.session) == []
        recounted = {key: n for key, n in recount(db.session).items()
                     if key[0] in figures.CLAIMS_BY_SOURCING.values()}
        db.session.rollback()
    assert counters == recounted
    assert stored == {ids["none"]: ("none", False), ids["empty chain"]: ("none", False),
                      ids["single"]: ("single", False), ids["anonymous"]: ("several", True),
                      ids["dismissed"]: ("single", True)}
    assert counters == {("claims_none", "Quay Post", "new"): 2,
                        ("claims_single", "Quay Post", "in_review"): 1,
                        ("claims_anonymous", "Quay Post", "new"): 1,
                        ("claims_anonymous", "Quay Post", "not_a_claim"): 1,
                        ("claims_single", "Quay Post", "not_a_claim"): 1}
