"""``factcheck demo``: a working installation in one command."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from factcheck.config import settings_of
from factcheck.demo import seed as demo
from factcheck.extensions import db
from factcheck.services.core.actors import cli_actor
from factcheck.services.core.errors import ServiceError
from factcheck.worker.consumer import embedded_worker


@click.command("demo")
@click.option("--port", default=5000, show_default=True, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--no-serve", is_flag=True, help="Set up the database and demo data, then exit.")
@click.option("--synthetic", type=click.IntRange(min=1, max=2_000_000), default=None,
              help="Also add a synthetic archive of about this many claims (load testing).")
@with_appcontext
def demo_command(port: int, host: str, no_serve: bool, synthetic: int | None) -> None:
    """Create or upgrade the database, load demo data once, and serve."""
    try:
        demo.refuse_production(settings_of(current_app.config).production)
        upgrade()
        demo.refuse_real_users(db.session)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    report = demo.load_demo(db.session, cli_actor())
    db.session.commit()
    if synthetic:
        from factcheck.demo.synthetic import load_synthetic

        loaded = load_synthetic(db.session, cli_actor(), synthetic)
        db.session.commit()
        click.echo("Synthetic archive already present." if loaded.already_loaded else
                   f"Added a synthetic archive: {loaded.summary()}.")
    uri = db.engine.url.render_as_string(hide_password=True)
    click.echo(f"Database: {uri}")
    click.echo("Demo data already present." if report.already_loaded else
               f"Loaded demo data: {report.summary()}.")
    click.echo("Demo logins (email / password):")
    for login in demo.DEMO_USERS:
        click.echo(f"  {login.role.value:<8} {login.email:<28} {login.password}")
    if no_serve:
        return
    click.echo(f"Serving on http://{host}:{port}/ with a job worker (Ctrl+C to stop)")
    # Flask refuses app.run() inside its own CLI; serve with Werkzeug directly.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # The demo needs no separate worker: one runs in this process and stops with it.
    with embedded_worker(app):
        run_simple(host, port, app, threaded=True,
                   use_reloader=False, use_debugger=False)
