"""``factcheck export``: the web's exports and article reports, to a file.

The file appears only when the export is complete (written beside it,
then renamed), and the export is audited like one made on the web."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from factcheck.cli.options import DAY
from factcheck.config import settings_of
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.extensions import db
from factcheck.services.core.actors import cli_actor
from factcheck.services.core.errors import ServiceError
from factcheck.services.exports import formats as exports
from factcheck.services.exports import reports
from factcheck.services.exports.document import report_pdf
from factcheck.services.exports.query import ExportFilters

BULK = [fmt.value for fmt in exports.ExportFormat]
REPORTS = [fmt.value for fmt in reports.ReportFormat]


def _write_atomically(out: Path, pieces: Iterable[str | bytes]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        os.replace(temp_name, out)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _report(fmt: str, article_id: int, out: Path) -> str:
    report = reports.export_report(db.session, cli_actor(), article_id,
                                   reports.ReportFormat(fmt))
    if fmt == reports.ReportFormat.PDF:
        body: str | bytes = report_pdf(
            report, organization=settings_of(current_app.config).organization_name)
    else:
        body = reports.report_markdown(report)
    _write_atomically(out, [body])
    db.session.commit()
    return f"Wrote the verdict report for article {article_id} ({len(report.entries)} claims)"


def _bulk(fmt: str, filters: ExportFilters, bom: bool, out: Path) -> str:
    settings = exports.ExportSettings.from_settings(settings_of(current_app.config))
    job = exports.start_export(db.session, cli_actor(), exports.ExportFormat(fmt), filters,
                               settings, bom=bom, end_read=db.session.rollback)
    # The rows are read after this commit, in short transactions of their own.
    db.session.commit()
    _write_atomically(out, job.chunks)
    message = f"Exported {job.outcome.rows} rows"
    if job.outcome.skipped:
        message += f"; left out {len(job.outcome.skipped)} that failed ClaimReview checks"
        for claim_id, errors in job.outcome.skipped[:10]:
            click.echo(f"  claim {claim_id}: {' '.join(errors)}", err=True)
    if job.outcome.warnings:
        message += f"; {job.outcome.warnings} ClaimReview warnings (e.g. claimReviewed > 75 chars)"
    return message


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(BULK + REPORTS), required=True,
              help="csv, jsonl or claimreview for verdicts; pdf or md for an article report.")
@click.option("--article", "article_id", type=int, default=None,
              help="One article (required for pdf and md).")
@click.option("--from", "date_from", type=DAY, default=None, help="Verdicts from YYYY-MM-DD.")
@click.option("--to", "date_to", type=DAY, default=None, help="Verdicts until YYYY-MM-DD.")
@click.option("--outlet", default="", help="Articles from this outlet.")
@click.option("--source", default="", help="Claims resting on this source (name or alias).")
@click.option("--rating", type=click.Choice([r.value for r in TruthRating]), default=None)
@click.option("--status", type=click.Choice(["any", *(s.value for s in ClaimStatus)]),
              default=ClaimStatus.PUBLISHED.value, show_default=True)
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 BOM, for Excel.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def export_command(fmt: str, article_id: int | None, date_from: Any, date_to: Any,
                   outlet: str, source: str, rating: str | None, status: str, bom: bool,
                   out: Path) -> None:
    """Export verdicts (csv, jsonl, claimreview) or an article's report (pdf, md)."""
    try:
        if fmt in REPORTS:
            if article_id is None:
                raise click.UsageError("--article is required for pdf and md reports.")
            message = _report(fmt, article_id, out)
        else:
            filters = ExportFilters(
                date_from=date_from, date_to=date_to, outlet=outlet,
                source_name=source, rating=TruthRating(rating) if rating else None,
                status=None if status == "any" else ClaimStatus(status), article_id=article_id)
            message = _bulk(fmt, filters, bom, out)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"{message} to {out}.")
