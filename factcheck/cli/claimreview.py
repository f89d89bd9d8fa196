"""``factcheck claimreview import FILE|URL``: other fact-checkers' verdicts.

One source is one transaction: valid records are imported (or refreshed
by their review URL), bad ones are listed by position and skipped, and a
source that cannot be read at all changes nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from factcheck.domain.matching.claimreview_reader import MAX_BYTES
from factcheck.extensions import db
from factcheck.services.core.actors import cli_actor
from factcheck.services.core.errors import ServiceError
from factcheck.services.intake.fetch import FetchPolicy
from factcheck.services.matching import sentence_model, vectors
from factcheck.services.matching.claim_figures import refresh_all
from factcheck.services.matching.claimreview_import import (
    ImportReport,
    import_bytes,
    import_url,
)
from factcheck.services.matching.index import reindex_published

SHOWN_PROBLEMS = 50


@click.group("claimreview", cls=AppGroup, help="Other fact-checkers' ClaimReview verdicts.")
def claimreview_group() -> None:
    pass


def _read_file(path: Path) -> bytes:
    if path.stat().st_size > MAX_BYTES:
        # Refused before reading: a huge file never fills memory.
        raise click.ClickException(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                                   "split it into smaller files. Nothing was imported.")
    return path.read_bytes()


@claimreview_group.command("import")
@click.argument("source")
def import_command(source: str) -> None:
    """Import ClaimReview JSON-LD from a file or an http(s) URL."""
    actor = cli_actor()
    try:
        if source.lower().startswith(("http://", "https://")):
            config = current_app.config
            policy = FetchPolicy(max_bytes=MAX_BYTES,
                                 allow_private=config.get("FETCH_ALLOW_PRIVATE", False))
            report = import_url(db.session, actor, source, policy)
        else:
            path = Path(source)
            if not path.is_file():
                raise click.ClickException(f"{source}: no such file.")
            report = import_bytes(db.session, actor, _read_file(path), path.name)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.message} Nothing was imported.") from error
    except OSError as error:
        db.session.rollback()
        raise click.ClickException(f"{source}: cannot read ({error.strerror}).") from error
    except SQLAlchemyError as error:
        db.session.rollback()
        raise click.ClickException("The database refused the import "
                                   f"({error.__class__.__name__}); nothing was imported."
                                   ) from error
    _echo(report)
    if report.problems:
        raise SystemExit(1)  # scripts notice that something was skipped


@claimreview_group.command("reindex")
def reindex_command() -> None:
    """Index our own published verdicts (once, after upgrading)."""
    count = reindex_published(db.session)
    db.session.commit()
    click.echo(f"Indexed {count} published verdicts.")


@claimreview_group.command("match-claims")
def match_claims_command() -> None:
    """Match every claim against the published verdicts and store the result
    (once, after upgrading; saving, re-anchoring and imports keep it since)."""
    count = refresh_all(db.session)
    db.session.commit()
    click.echo(f"Matched {count} claims.")


@claimreview_group.command("vectors")
def vectors_command() -> None:
    """Compute the sentence vector of every published or imported verdict
    that has none (after switching semantic matching on; publishing and
    importing ask for their own since). Then run ``match-claims`` so that
    stored similarities are on words and meaning."""
    if not vectors.active():
        raise click.ClickException(
            "Semantic matching is off: set FACTCHECK_MATCH_SEMANTIC=1 and install the model "
            f"({sentence_model.INSTALL_HINT}).")
    total = 0
    # A batch a transaction: an interrupted run keeps what it computed.
    while computed := vectors.compute_vectors(db.session):
        db.session.commit()
        total += len(computed)
        click.echo(f"  {total} vectors so far", err=True)
    click.echo(f"Computed {total} vectors.")


def _echo(report: ImportReport) -> None:
    click.echo(report.summary)
    for problem in report.problems[:SHOWN_PROBLEMS]:
        click.echo(f"  skipped {problem.position}: {problem.message}", err=True)
    if len(report.problems) > SHOWN_PROBLEMS:
        click.echo(f"  ... and {len(report.problems) - SHOWN_PROBLEMS} more", err=True)
