"""The jobs the application runs itself, and how each stays idempotent
(a second run after a crash, or a retry, does nothing twice):

- ``url_import``: fetch an address and add the article. The article's
  content hash and address are unique in effect (``create_article`` returns
  the existing article for either), and the article is written in the
  transaction that marks the job done.
- ``article_refetch``: what ``factcheck revisions check`` does for one
  article. A text already stored (the current one or any revision) is
  refused, so a re-run stores no second revision; a conditional GET with
  the stored validators usually answers "not modified".
- ``report_pdf``: an article's verdict report rendered to a file named
  after the job, written to a temporary name and renamed over: a re-run
  replaces the same file whole. Its export event commits with the job.
- ``reextract``: chains a newer extractor finds, stored as proposals keyed
  by claim and extractor fingerprint (unique): a re-run adds nothing. It
  never touches a claim's chains, reviewed or not; a person applies them.

Slow work (a fetch, a rendering, an extraction) runs before the job's
transaction writes, inside ``reading()``: on SQLite the write lock is
taken only for the writing, not while a page loads. Should another writer
commit meanwhile, the attempt fails and is retried after its back-off."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.database import reading
from factcheck.domain import extraction as extraction_package
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.extraction import extract
from factcheck.domain.jobs import JobKind
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.job import ChainProposal
from factcheck.services.core.errors import NotFound, PermissionDenied, ServiceError
from factcheck.services.exports import reports
from factcheck.services.exports.document import report_pdf
from factcheck.services.exports.pdf import PdfUnavailable
from factcheck.services.intake import articles
from factcheck.services.intake.drafts import draft_from_address
from factcheck.services.intake.fetch import policy_of
from factcheck.services.jobs.errors import PermanentFailure, RetryLater
from factcheck.services.jobs.handlers import JobContext, register_handler
from factcheck.services.revisions import watching
from factcheck.services.revisions.applying import chains_in_span
from factcheck.services.sources import registry as sources

# One pacer per worker process: jobs for one host keep the watcher's gap.
_pacer: watching.HostPacer | None = None


def _int(payload: Any, name: str) -> int:
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PermanentFailure(f"The job's payload has no {name}.")
    return value


def import_url(context: JobContext) -> dict[str, Any]:
    url = context.payload.get("url")
    if not isinstance(url, str) or not url:
        raise PermanentFailure("The job's payload has no address.")
    try:
        draft = draft_from_address(url, policy_of(context.settings))
    except ServiceError as error:  # unreachable, too slow, refused: it may pass
        raise RetryLater(error.message) from error
    draft.outlet = draft.outlet or str(context.payload.get("outlet") or "")
    try:
        saved = articles.create_article(context.session, context.actor, draft)
    except ServiceError as error:  # not an article, or not allowed: trying again won't help
        raise PermanentFailure(error.message) from error
    return {"article_id": saved.article.id, "created": saved.created}


def refetch_article(context: JobContext) -> dict[str, Any]:
    global _pacer
    settings = context.settings
    if _pacer is None:
        _pacer = watching.HostPacer(settings.revisions_host_interval, time.monotonic,
                                    time.sleep)
    article_id = _int(context.payload, "article_id")
    try:
        with reading():
            checked = watching.check_article(context.session, context.actor, article_id,
                                             policy_of(settings), _pacer)
    except (NotFound, PermissionDenied) as error:
        raise PermanentFailure(error.message) from error
    if checked.result is watching.Result.FAILED:
        raise RetryLater(checked.message)
    return {"article_id": article_id, "result": checked.result.value,
            "revision": checked.revision, "stale_claims": checked.stale_claims}


def report_file(job_id: int) -> str:
    return f"report-{job_id}.pdf"


def render_report(context: JobContext) -> dict[str, Any]:
    article_id = _int(context.payload, "article_id")
    try:
        with reading():
            report = reports.export_report(context.session, context.actor, article_id,
                                           reports.ReportFormat.PDF)
            pdf = report_pdf(report, organization=context.settings.organization_name)
    except (NotFound, PermissionDenied, PdfUnavailable) as error:
        raise PermanentFailure(error.message) from error
    name = report_file(context.job_id)
    _replace_file(context.files / name, pdf)
    return {"file": name, "filename": f"{report.filename_stem}.pdf", "bytes": len(pdf)}


def _replace_file(path: Path, content: bytes) -> None:
    """Written whole or not at all: a reader never sees half a file, and a
    second run replaces the first run's file."""
    partial = path.with_name(path.name + f".{os.getpid()}.part")
    partial.write_bytes(content)
    os.replace(partial, path)


def extractor_fingerprint() -> str:
    """Which extractor this is: a digest of its code, so an upgrade (any
    change to it) is a new extractor and its proposals are new ones."""
    digest = hashlib.sha256()
    folder = Path(extraction_package.__file__).parent
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def reextract(context: JobContext) -> dict[str, Any]:
    article_id = _int(context.payload, "article_id")
    extractor = str(context.payload.get("extractor") or extractor_fingerprint())
    session = context.session
    with reading():
        article = session.get(Article, article_id)
        if article is None:
            raise PermanentFailure(f"Article #{article_id} no longer exists.")
        found = extract(article.body, known_sources=sources.registry_names(session)).claims
        claims = session.scalars(
            sa.select(Claim).where(Claim.article_id == article_id,
                                   Claim.status != ClaimStatus.NOT_A_CLAIM)
            .order_by(Claim.start, Claim.id)
            .options(selectinload(Claim.attributions).selectinload(Attribution.hops)
                     .selectinload(AttributionHop.source))).all()
        proposed = {row for row in session.scalars(
            sa.select(ChainProposal.claim_id).where(
                ChainProposal.claim_id.in_([claim.id for claim in claims]),
                ChainProposal.extractor == extractor))}
    added = 0
    for claim in claims:
        chains = chains_in_span(claim.start, claim.end, found)
        current = [[hop.source.name for hop in attribution.hops]
                   for attribution in claim.attributions]
        if not chains or chains == current or claim.id in proposed:
            continue
        session.add(ChainProposal(claim_id=claim.id, extractor=extractor,
                                  chains=json.dumps(chains), job_id=context.job_id))
        added += 1
    session.flush()
    return {"article_id": article_id, "extractor": extractor, "proposals": added,
            "claims": len(claims)}


# Registered on import (factcheck.worker.queue.HANDLER_MODULES imports this).
register_handler(JobKind.URL_IMPORT, import_url)
register_handler(JobKind.ARTICLE_REFETCH, refetch_article)
register_handler(JobKind.REPORT_PDF, render_report)
register_handler(JobKind.REEXTRACT, reextract)
