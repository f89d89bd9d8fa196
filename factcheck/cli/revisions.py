"""``factcheck revisions check``: the cron job that watches judged web
articles for silent edits (see the README, "Watching for silent edits")."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.config import settings_of
from factcheck.extensions import db
from factcheck.services.core.actors import Actor, SystemActor, cli_actor
from factcheck.services.core.errors import ServiceError
from factcheck.services.intake.fetch import policy_of
from factcheck.services.jobs import requests
from factcheck.services.revisions import watching
from factcheck.services.users import accounts as users

# Replaced in tests, which move a clock instead of sleeping.
CLOCK: Callable[[], float] = time.monotonic
SLEEP: Callable[[float], None] = time.sleep


@click.group("revisions", cls=AppGroup, help="Article revisions.")
def revisions_group() -> None:
    pass


def _actor(email: str | None) -> Actor:
    """Unattended runs act as the system, labelled as this watcher and the
    account that ran it, so the audit trail says a machine noticed the edit
    rather than putting it in a person's name. ``--as`` is for a person who
    runs the check by hand and answers for it."""
    if not email:
        return SystemActor(label=f"revisions-check ({cli_actor().label})")
    user = users.find_by_email(db.session, email)
    if user is None or not user.active:
        raise click.ClickException(f"no active user with email {email}")
    return user


@revisions_group.command("check")
@click.option("--as", "as_email", default=None, metavar="EMAIL",
              help="Act as this user (default: the system, as 'revisions-check').")
@click.option("--enqueue", is_flag=True,
              help="Queue one job per article for the workers instead of fetching here "
                   "(failed fetches are retried with back-off; /admin/jobs shows them).")
def revisions_check(as_email: str | None, enqueue: bool) -> None:
    """Fetch every web article with a verdict again; store real changes as
    revisions and list the verdicts that went stale. Exits 1 if any fetch
    failed (the others are still checked)."""
    settings = settings_of(current_app.config)
    actor = _actor(as_email)
    if enqueue:
        _enqueue_checks(actor)
        return
    pacer = watching.HostPacer(settings.revisions_host_interval, CLOCK, SLEEP)
    policy = policy_of(settings)
    try:
        watched = watching.articles_to_watch(db.session, actor)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    failed = 0
    for article_id in watched:
        checked = watching.check_article(db.session, actor, article_id, policy, pacer)
        if checked.result is watching.Result.FAILED:
            db.session.rollback()
            failed += 1
            click.echo(f"article {article_id}: FAILED {checked.url}: {checked.message}",
                       err=True)
            continue
        db.session.commit()
        line = f"article {article_id}: {checked.result.value}"
        if checked.revision is not None:
            line += f", revision {checked.revision}"
        if checked.stale_claims:
            line += ("; STALE claims " + ", ".join(f"#{claim}" for claim in checked.stale_claims)
                     + " (the stale queue)")
        click.echo(line)
    if failed:
        sys.exit(1)


def _enqueue_checks(actor: Actor) -> None:
    try:
        queued = requests.request_refetches(db.session, actor)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Queued {len(queued)} articles to fetch again"
               + (f" (jobs {queued[0].id} to {queued[-1].id})." if queued else "."))
