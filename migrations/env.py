"""Alembic environment: runs migrations against the app's own engine."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

# SQLite's FTS5 search tables are made by migration 0007, not by a model.
from factcheck.models.external_verdict import outside_models

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    # Leave logging alone when the host (tests, the app) configured it.
    fileConfig(config.config_file_name, disable_existing_loggers=False)

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=str(db.engine.url).replace("%", "%%"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = db.engine
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            include_name=outside_models,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
