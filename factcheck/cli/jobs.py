"""``factcheck worker`` runs jobs; ``factcheck reextract`` and ``factcheck
jobs import-url`` ask for them (see the README, "Jobs")."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from factcheck.config import settings_of
from factcheck.extensions import db
from factcheck.models.types import utcnow
from factcheck.services.core.actors import cli_actor
from factcheck.services.core.errors import ServiceError
from factcheck.services.jobs import ledger, requests
from factcheck.services.jobs.handlers import files_folder
from factcheck.worker.consumer import WORKER_TYPES, run_worker
from factcheck.worker.queue import queue_of, queue_url
from factcheck.worker.runner import Outcome


@click.command("worker")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=2, show_default=True,
              help="Jobs this worker runs at once.")
@click.option("--worker-type", type=click.Choice(WORKER_TYPES), default="thread",
              show_default=True,
              help="Threads (fetching, delivering) or processes (CPU-heavy re-extraction).")
@with_appcontext
def worker_command(workers: int, worker_type: str) -> None:
    """Run jobs until stopped: Ctrl+C (SIGINT) finishes the jobs in hand,
    SIGTERM stops at once (they run again elsewhere once their lease runs
    out). Start as many as you like, on as many machines as share the
    database and the queue."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    queue = queue_of(app)

    def report(job_id: int, outcome: Outcome) -> None:
        if outcome is not Outcome.NOT_CLAIMED:
            click.echo(f"job {job_id}: {outcome.value}")

    queue.on_outcome = report
    where = queue_url(settings_of(app.config), Path(app.instance_path))
    # The address without its password, if it has one.
    click.echo(f"Worker: {workers} {worker_type}(s) on {where.rpartition('@')[2]}")
    run_worker(app, workers, worker_type)


@click.command("reextract")
@click.argument("article_ids", nargs=-1, type=click.IntRange(min=1, max=2**31 - 1))
@with_appcontext
def reextract_command(article_ids: tuple[int, ...]) -> None:
    """Re-extract the archive (or the articles named) with this version of
    the extractor, one job per article. New chains are proposed beside the
    claims, never applied: reviewed and edited chains stay as they are."""
    try:
        asked = requests.request_reextraction(db.session, cli_actor(), article_ids)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Extractor {asked.extractor}: {len(asked.jobs)} articles, {asked.queued} jobs "
               "queued "
               f"(the rest were asked for before). Run `factcheck worker` to work through "
               "them; `/admin/jobs` shows progress.")


@click.group("jobs", cls=AppGroup, help="Background jobs.")
def jobs_group() -> None:
    pass


@jobs_group.command("import-url")
@click.argument("urls", nargs=-1, required=True)
@click.option("--outlet", default="", help="Outlet for articles that do not name one.")
def jobs_import_url(urls: tuple[str, ...], outlet: str) -> None:
    """Fetch each address and add it as an article, in the background."""
    failed = 0
    for url in urls:
        try:
            job = requests.request_url_import(db.session, cli_actor(), url, outlet)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            failed += 1
            click.echo(f"{url}: {error.message}", err=True)
            continue
        click.echo(f"{url}: job {job.id} ({job.status.value})")
    if failed:
        raise SystemExit(1)


@jobs_group.command("prune")
@click.option("--keep-days", type=click.FloatRange(min=0), default=None,
              help="Keep finished jobs this many days (default: FACTCHECK_JOBS_KEEP_DAYS).")
def jobs_prune(keep_days: float | None) -> None:
    """Forget finished jobs older than the keeping time, and the files they made. Queued
    and running jobs are never touched."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    days = settings_of(app.config).jobs_keep_days if keep_days is None else keep_days
    actor, now = cli_actor(), utcnow()
    jobs = files = 0
    while True:
        pruned = ledger.prune(db.session, actor, now, days)
        db.session.commit()
        files += ledger.remove_files(files_folder(app.instance_path), pruned.files)
        jobs += len(pruned.job_ids)
        if not pruned.job_ids:
            break
    click.echo(f"Forgot {jobs} finished jobs older than {days:g} days and removed {files} files.")
