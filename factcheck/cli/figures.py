"""``factcheck figures verify|rebuild|refresh``: the maintained figures
checked against a recount, repaired, and the periodic ones recounted (see
the README, "Figures")."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.config import settings_of
from factcheck.extensions import db
from factcheck.services.claims.listing import reviewer_names
from factcheck.services.core.actors import cli_actor
from factcheck.services.core.shared_cache import open_cache
from factcheck.services.dashboard import periodic
from factcheck.services.figures import check
from factcheck.services.matching.search import thresholds_of

SHOWN = 50  # differences listed; the count says how many more


@click.group("figures", cls=AppGroup, help="The figures pages show.")
def figures_group() -> None:
    pass


@figures_group.command("verify")
def verify() -> None:
    """Recount every maintained figure from the archive and compare. Exits 1
    and lists the differences if any counter disagrees."""
    bind = db.session.get_bind()
    # One snapshot for both sides, so changes committed meanwhile do not
    # show as differences (a SQLite read transaction keeps one anyway). Not
    # when the session joins a connection already in a transaction (tests).
    joined = getattr(bind, "in_transaction", lambda: False)()
    if bind.dialect.name == "postgresql" and not joined:
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    result = check.verify(db.session, cli_actor())
    db.session.rollback()
    if result.ok:
        click.echo(f"figures: {result.counters} counters, all equal to a recount")
        return
    click.echo(f"figures: {len(result.differences)} of {result.counters} counters differ "
               "from a recount (figure, key, key: maintained != recounted)", err=True)
    for (figure, first, second), kept, counted in result.differences[:SHOWN]:
        click.echo(f"  {figure} {first!r} {second!r}: {kept} != {counted}", err=True)
    if len(result.differences) > SHOWN:
        click.echo(f"  ... and {len(result.differences) - SHOWN} more", err=True)
    click.echo("Repair with: factcheck figures rebuild", err=True)
    sys.exit(1)


@figures_group.command("rebuild")
def rebuild() -> None:
    """Replace the maintained figures with a fresh count of the archive."""
    written = check.rebuild(db.session, cli_actor())
    db.session.commit()
    click.echo(f"figures: rebuilt {written} counters")


@figures_group.command("refresh")
def refresh() -> None:
    """Recount the dashboard's periodic figures into the shared cache. Run it
    from a timer more often than FACTCHECK_FIGURES_MAX_AGE and no page
    request ever waits for a recount."""
    settings = settings_of(current_app.config)
    actor = cli_actor()
    now = datetime.now(UTC)
    figures = periodic.count(db.session, reviewer_names(db.session, actor), now,
                             likely_same=thresholds_of(settings).likely_same)
    db.session.rollback()
    periodic.store(open_cache(settings.redis_url, db.session.get_bind()), figures,
                   settings.figures_max_age)
    click.echo(f"figures: periodic figures recounted at {now:%Y-%m-%d %H:%M:%S} UTC")
