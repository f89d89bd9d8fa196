"""The migrations build exactly the schema the models describe, and undo it."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from factcheck.extensions import db
from factcheck.models.external_verdict import outside_models


def test_upgrade_head_matches_models_and_downgrade_base_works(fresh_app):
    with fresh_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                   "include_name": outside_models})
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
