"""/api/v1/exports/claims: the verdict export of the Exports page (CSV,
JSON Lines or ClaimReview JSON-LD), streamed, recorded in the audit trail
before the first byte as on the web."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, stream_with_context

from factcheck.config import settings_of
from factcheck.database import end_reading, writing
from factcheck.domain.roles import Permission
from factcheck.domain.safe_files import attachment_disposition
from factcheck.extensions import db
from factcheck.services.exports import formats as exports
from factcheck.services.exports.query import ExportFilters
from factcheck.web.api import schemas
from factcheck.web.api.auth import token_requires, token_user
from factcheck.web.api.base import api_blueprint, run_use_case

bp = api_blueprint("exports", "Bulk exports of verdicts")

FILE_SCHEMA = {"type": "string"}
DOCUMENTED_CONTENT = {
    "text/csv": {"schema": FILE_SCHEMA},
    "application/x-ndjson": {"schema": FILE_SCHEMA},
    "application/ld+json": {"schema": {"type": "object"}},
}


def _filters(args: dict[str, Any]) -> ExportFilters:
    status = None if args["any_status"] else args.get("status", ExportFilters.status)
    return ExportFilters(date_from=args.get("date_from"), date_to=args.get("date_to"),
                         outlet=(args.get("outlet") or "").strip(),
                         source_name=(args.get("source") or "").strip(),
                         rating=args.get("rating"), status=status)


@bp.route("/exports/claims")
@token_requires(Permission.EXPORT_REPORTS)
@bp.arguments(schemas.ExportArgs, location="query")
@bp.doc(responses={"200": {"description": "The export file, streamed.",
                           "content": DOCUMENTED_CONTENT}})
def export_claims(args: dict[str, Any]) -> Response:
    """Claims with verdicts, as a file to download."""
    fmt = args["format"]
    # The audit event is a write, though the request is a GET: whatever was
    # read so far is ended first, so the write begins a transaction of its
    # own (on PostgreSQL one begun read-only could not write).
    end_reading(db.session)
    with writing():
        job = run_use_case(lambda: exports.start_export(
            db.session, token_user(), fmt, _filters(args),
            exports.ExportSettings.from_settings(settings_of(current_app.config)),
            end_read=db.session.rollback))
    response = Response(stream_with_context(job.chunks),
                        mimetype=f"{job.format.mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = attachment_disposition(job.filename)
    response.headers["Cache-Control"] = "no-store"
    return response
