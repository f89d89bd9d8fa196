"""Bulk exports: CSV, JSON Lines and ClaimReview JSON-LD, written as a
stream of text chunks so a year of verdicts costs no more memory than one.

``start_export`` checks permission, resolves the filters and records the
export in the audit trail; the caller commits that record, then streams
``job.chunks`` (the audit event is kept even if the download is cut).
"""

from __future__ import annotations

import csv
import enum
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from factcheck.config import Settings
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claimreview import (
    Publisher,
    ReviewedClaim,
    claim_review,
    script_safe_json,
    validate,
)
from factcheck.domain.roles import Permission
from factcheck.domain.safe_files import UTF8_BOM, neutralize_cell
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.exports.query import ExportFilters, ExportRow, count_rows, iter_rows
from factcheck.services.sources.registry import find_source

# Rows per chunk handed to the response or file: big enough to be cheap,
# small enough that memory never depends on the export's size.
CHUNK_ROWS = 500
# The fact-check's public page, served by this application.
DEFAULT_REVIEW_URL = "{public_base_url}/fact-checks/{claim_id}"


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    CLAIMREVIEW = "claimreview"

    @property
    def label(self) -> str:
        return {"csv": "CSV (spreadsheet)", "jsonl": "JSON Lines",
                "claimreview": "ClaimReview JSON-LD"}[self.value]

    @property
    def extension(self) -> str:
        return {"csv": "csv", "jsonl": "jsonl", "claimreview": "jsonld"}[self.value]

    @property
    def mimetype(self) -> str:
        return {"csv": "text/csv", "jsonl": "application/x-ndjson",
                "claimreview": "application/ld+json"}[self.value]


@dataclass(frozen=True)
class ExportSettings:
    publisher: Publisher
    # Where each published fact-check lives: by default its public page here.
    review_url_template: str = DEFAULT_REVIEW_URL
    # Where this application's public pages are reached; empty: the
    # organization's site.
    public_base_url: str = ""

    @classmethod
    def from_settings(cls, settings: Settings, request_base_url: str | None = None
                      ) -> ExportSettings:
        """``request_base_url``: the address a web request came in at, used
        when no public base address is configured (the CLI has none)."""
        return cls(Publisher(settings.organization_name, settings.organization_url),
                   settings.claimreview_url_template or DEFAULT_REVIEW_URL,
                   (settings.public_base_url or request_base_url or "").rstrip("/"))

    @property
    def base_url(self) -> str:
        return (self.public_base_url or self.publisher.url).rstrip("/")

    def review_url(self, claim_id: int) -> str:
        return self.review_url_template.format(
            organization_url=self.publisher.url.rstrip("/"), public_base_url=self.base_url,
            claim_id=claim_id)


@dataclass
class ExportOutcome:
    """Filled in while streaming: what was written and what was left out."""

    rows: int = 0
    skipped: list[tuple[int, list[str]]] = field(default_factory=list)
    warnings: int = 0


@dataclass
class ExportJob:
    format: ExportFormat
    filename: str
    rows_expected: int
    chunks: Iterator[str]
    outcome: ExportOutcome


CSV_HEADER = (
    "claim_id", "claim", "status", "rating", "rating_label", "public_rationale",
    "approved_at", "published_at", "corrected_at", "original_source", "attribution",
    "article_id", "article_title", "outlet", "article_url", "article_published_on", "claimant",
)


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _csv_record(row: ExportRow) -> list[str]:
    # Cells people typed (or an article carried in) are neutralized; ids,
    # enum values and ISO dates are ours and start with a letter or digit.
    safe = neutralize_cell
    return [
        str(row.claim_id), safe(row.claim_text), row.status.value, row.rating.value,
        row.rating.label, safe(row.public_rationale), _iso(row.approved_at),
        _iso(row.published_at), _iso(row.modified_at), safe(row.original_source or ""),
        safe("; ".join(" › ".join(chain) for chain in row.chains)),
        str(row.article_id), safe(row.article_title), safe(row.outlet or ""),
        safe(row.article_url or ""), _iso(row.article_published_on), safe(row.claimant or ""),
    ]


def csv_chunks(rows: Iterator[ExportRow], outcome: ExportOutcome,
               bom: bool = False) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write(UTF8_BOM)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(_csv_record(row))
        outcome.rows += 1
        if outcome.rows % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def row_document(row: ExportRow) -> dict[str, Any]:
    return {
        "claim_id": row.claim_id, "claim": row.claim_text, "status": row.status.value,
        "rating": row.rating.value, "rating_label": row.rating.label,
        "public_rationale": row.public_rationale, "approved_at": _iso(row.approved_at),
        "published_at": _iso(row.published_at) or None,
        "corrected_at": _iso(row.modified_at) or None,
        "original_source": row.original_source, "claimant": row.claimant,
        "attribution": [list(c) for c in row.chains],
        "article": {"id": row.article_id, "title": row.article_title, "outlet": row.outlet,
                    "url": row.article_url,
                    "published_on": _iso(row.article_published_on) or None},
    }


def jsonl_chunks(rows: Iterator[ExportRow], outcome: ExportOutcome) -> Iterator[str]:
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(row_document(row), ensure_ascii=False))
        outcome.rows += 1
        if len(lines) == CHUNK_ROWS:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def reviewed_claim(row: ExportRow, settings: ExportSettings) -> ReviewedClaim:
    return ReviewedClaim(
        claim_text=row.claim_text, rating=row.rating,
        review_url=settings.review_url(row.claim_id),
        published_at=row.published_at or row.approved_at, modified_at=row.modified_at,
        claim_author=row.claimant, claim_author_kind=row.claimant_kind,
        article_url=row.article_url, article_title=row.article_title, outlet=row.outlet,
        article_published_on=row.article_published_on,
    )


def claimreview_chunks(rows: Iterator[ExportRow], outcome: ExportOutcome,
                       settings: ExportSettings) -> Iterator[str]:
    """One JSON-LD document: a shared @context and a @graph of ClaimReviews.
    Items the validator rejects are left out and listed in the outcome."""
    yield '{"@context": "https://schema.org", "@graph": [\n'
    pieces: list[str] = []
    first = True
    for row in rows:
        document = claim_review(reviewed_claim(row, settings), settings.publisher,
                                with_context=False)
        findings = validate(document)
        if not findings.ok:
            outcome.skipped.append((row.claim_id, findings.errors))
            continue
        outcome.warnings += len(findings.warnings)
        pieces.append(("" if first else ",\n") + script_safe_json(document))
        first = False
        outcome.rows += 1
        if len(pieces) == CHUNK_ROWS:
            yield "".join(pieces)
            pieces = []
    yield "".join(pieces) + "\n]}\n"


def _resolve_source(session: DbSession, filters: ExportFilters) -> ExportFilters:
    if not filters.source_name.strip() or filters.source_id is not None:
        return filters
    source = find_source(session, filters.source_name)
    if source is None:
        raise ValidationFailed(f"No source called “{filters.source_name.strip()}”.")
    return replace(filters, source_id=source.id, source_name=source.name)


def _check(filters: ExportFilters, settings: ExportSettings, fmt: ExportFormat) -> None:
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationFailed("The start date is after the end date.")
    if fmt is ExportFormat.CLAIMREVIEW:
        probe = settings.review_url(1)
        if not settings.publisher.name or not probe.startswith(("http://", "https://")):
            raise ValidationFailed("ClaimReview needs the organization's name and address "
                                   "(FACTCHECK_ORGANIZATION_NAME, FACTCHECK_ORGANIZATION_URL).")


def export_filename(fmt: ExportFormat, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M")
    return f"factcheck-verdicts-{stamp}.{fmt.extension}"


def start_export(session: DbSession, actor: Actor, fmt: ExportFormat, filters: ExportFilters,
                 settings: ExportSettings, *, end_read: Callable[[], None],
                 bom: bool = False) -> ExportJob:
    """``end_read`` ends each short read transaction the rows are read in
    (see ``iter_rows``); the caller owns the transaction."""
    require(actor, Permission.EXPORT_REPORTS)
    filters = _resolve_source(session, filters)
    if fmt is ExportFormat.CLAIMREVIEW:
        filters = replace(filters, published_only=True)
    _check(filters, settings, fmt)
    expected = count_rows(session, filters)
    audit.record(session, actor, AuditAction.EXPORT_CREATED, "export", None,
                 after={"format": fmt.value, "filters": filters.audit_snapshot(),
                        "rows": expected, "bom": bom})
    outcome = ExportOutcome()
    return ExportJob(fmt, export_filename(fmt), expected,
                     _lazy(lambda: _chunks(session, fmt, filters, settings, outcome, bom,
                                           end_read)),
                     outcome)


def _chunks(session: DbSession, fmt: ExportFormat, filters: ExportFilters,
            settings: ExportSettings, outcome: ExportOutcome, bom: bool,
            end_read: Callable[[], None]) -> Iterator[str]:
    rows = iter_rows(session, filters, end_read=end_read)
    if fmt is ExportFormat.CSV:
        return csv_chunks(rows, outcome, bom=bom)
    if fmt is ExportFormat.JSONL:
        return jsonl_chunks(rows, outcome)
    return claimreview_chunks(rows, outcome, settings)


def _lazy(make: Callable[[], Iterator[str]]) -> Iterator[str]:
    """Nothing is read until the first chunk is asked for, which is after
    the caller committed the audit event."""
    yield from make()
