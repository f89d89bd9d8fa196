"""Importing other fact-checkers' ClaimReview verdicts as read-only
external verdicts. One import is one transaction (the caller commits
once): valid records are created or refreshed by their review URL and
indexed, bad ones are reported by position and skipped, and a file that
cannot be read at all changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.matching.claimreview_reader import (
    ClaimReviewRecord,
    Problem,
    UnreadableFile,
    parse_document,
    read_claimreviews,
)
from factcheck.domain.roles import Permission
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument
from factcheck.models.types import utcnow
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.fetch import FetchPolicy, fetch
from factcheck.services.matching.claim_figures import match_arrivals
from factcheck.services.matching.index import index_external

BATCH = 500
_FIELDS = ("publisher_name", "publisher_url", "claim_text", "headline", "claimant",
           "review_date", "rating_text", "rating_value", "best_rating", "worst_rating")


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"Imported from {self.source}: {self.created} new, {self.updated} updated, "
                f"{self.unchanged} unchanged, {len(self.problems)} skipped.")


def import_bytes(session: DbSession, actor: Actor, data: bytes, source: str) -> ImportReport:
    require(actor, Permission.IMPORT_VERDICTS)
    try:
        document = parse_document(data)
    except UnreadableFile as error:
        raise ValidationFailed(str(error)) from error
    read = read_claimreviews(document)
    report = ImportReport(source=source[:300], problems=list(read.problems))
    records = _first_of_each_url(read.records, report)
    documents: list[MatchDocument] = []
    for start in range(0, len(records), BATCH):
        documents.extend(_store(session, actor, records[start:start + BATCH], report))
    match_arrivals(session, documents)  # claims already on the desk meet them now
    audit.record(session, actor, AuditAction.EXTERNAL_VERDICTS_IMPORTED, "external_verdicts",
                 None, after={"source": report.source, "created": report.created,
                              "updated": report.updated, "unchanged": report.unchanged,
                              "skipped": len(report.problems)})
    return report


def import_url(session: DbSession, actor: Actor, url: str, policy: FetchPolicy
               ) -> ImportReport:
    require(actor, Permission.IMPORT_VERDICTS)
    fetched = fetch(url, policy)
    return import_bytes(session, actor, fetched.body, fetched.url)


def _first_of_each_url(records: list[ClaimReviewRecord], report: ImportReport
                       ) -> list[ClaimReviewRecord]:
    seen: dict[str, str] = {}
    kept = []
    for record in records:
        if record.review_url in seen:
            report.problems.append(Problem(record.position, "the same review URL as "
                                           f"{seen[record.review_url]}; skipped"))
            continue
        seen[record.review_url] = record.position
        kept.append(record)
    return kept


def _store(session: DbSession, actor: Actor, records: list[ClaimReviewRecord],
           report: ImportReport) -> list[MatchDocument]:
    existing = {verdict.review_url: verdict for verdict in session.scalars(
        sa.select(ExternalVerdict).where(
            ExternalVerdict.review_url.in_([record.review_url for record in records])))}
    touched: list[ExternalVerdict] = []
    now = utcnow()
    for record in records:
        values = {name: getattr(record, name) for name in _FIELDS}
        verdict = existing.get(record.review_url)
        if verdict is None:
            verdict = ExternalVerdict(review_url=record.review_url, imported_at=now,
                                      updated_at=now, **values)
            session.add(verdict)
            report.created += 1
            touched.append(verdict)
            continue
        if all(getattr(verdict, name) == value for name, value in values.items()):
            report.unchanged += 1
            continue
        before = verdict.audit_snapshot()
        for name, value in values.items():
            setattr(verdict, name, value)
        verdict.updated_at = now
        audit.record(session, actor, AuditAction.EXTERNAL_VERDICT_UPDATED, "external_verdict",
                     verdict.id, before=before, after=verdict.audit_snapshot())
        report.updated += 1
        touched.append(verdict)
    session.flush()
    return index_external(session, touched)
