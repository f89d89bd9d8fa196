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

Slow work (a fetch, a rendering, an extraction) runs before the job's own
transaction begins, its reads in a short transaction apart (``read_apart``):
on SQLite the write lock is taken only for the writing, so a page loading or
a report rendering holds up neither the desk nor the other jobs."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.database import read_apart
from factcheck.domain import extraction as extraction_package
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.extraction import extract
from factcheck.domain.jobs import JobKind
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.job import ChainProposal
from factcheck.services.core.errors import (
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)
from factcheck.services.core.session import DbSession
from factcheck.services.exports import reports
from factcheck.services.exports.document import report_pdf
from factcheck.services.exports.pdf import PdfUnavailable
from factcheck.services.intake import article_intake, articles
from factcheck.services.intake.drafts import draft_from_address
from factcheck.services.intake.extraction_runner import limits_from
from factcheck.services.intake.fetch import fetch, policy_of
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
        # Extracted before the first write, as the web does: on SQLite the
        # write lock is taken only for the saving.
        extraction = article_intake.extract_claims(context.session, draft.text,
                                                   limits_from(context.settings))
        saved = articles.create_article(context.session, context.actor, draft, extraction)
    except ServiceError as error:  # not an article, or not allowed: trying again won't help
        raise PermanentFailure(error.message) from error
    return {"article_id": saved.article.id, "created": saved.created}


def refetch_article(context: JobContext) -> dict[str, Any]:
    global _pacer
    settings = context.settings
    if _pacer is None or _pacer.interval != settings.revisions_host_interval:
        _pacer = watching.HostPacer(settings.revisions_host_interval, time.monotonic,
                                    time.sleep)
    article_id = _int(context.payload, "article_id")

    def validators(session: DbSession) -> tuple[str, str, str]:
        article = session.get(Article, article_id)
        if article is None or not article.url:
            raise PermanentFailure(f"Article #{article_id} has no address to fetch any more.")
        return article.url, article.fetch_etag or "", article.fetch_last_modified or ""

    url, etag, last_modified = read_apart(context.session, validators)
    _pacer.wait_for(url)
    try:
        fetched = fetch(url, policy_of(settings), etag, last_modified)
    except ServiceError as error:  # unreachable or too slow: it may pass
        raise RetryLater(error.message) from error
    try:
        checked = watching.store_fetched(context.session, context.actor, article_id, url,
                                         fetched)
    except (NotFound, PermissionDenied, ValidationFailed) as error:
        raise PermanentFailure(error.message) from error
    return {"article_id": article_id, "result": checked.result.value,
            "revision": checked.revision, "stale_claims": checked.stale_claims}


def report_file(job_id: int) -> str:
    return f"report-{job_id}.pdf"


def render_report(context: JobContext) -> dict[str, Any]:
    article_id = _int(context.payload, "article_id")
    organization = context.settings.organization_name

    def rendered(session: DbSession) -> tuple[reports.ArticleReport, bytes]:
        report = reports.article_report(session, context.actor, article_id)
        return report, report_pdf(report, organization=organization)

    try:
        # Read and rendered apart: the slow part holds no write lock.
        report, pdf = read_apart(context.session, rendered)
    except (NotFound, PermissionDenied, PdfUnavailable) as error:
        raise PermanentFailure(error.message) from error
    name = report_file(context.job_id)
    _replace_file(context.files / name, pdf)
    reports.record_export(context.session, context.actor, report, reports.ReportFormat.PDF)
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


@dataclass(frozen=True)
class _ClaimChains:
    id: int
    start: int
    end: int
    chains: list[list[str]]  # as people left them, outermost first


def reextract(context: JobContext) -> dict[str, Any]:
    article_id = _int(context.payload, "article_id")
    extractor = str(context.payload.get("extractor") or extractor_fingerprint())

    def current(session: DbSession) -> tuple[str, list[_ClaimChains], Any]:
        article = session.get(Article, article_id)
        if article is None:
            raise PermanentFailure(f"Article #{article_id} no longer exists.")
        claims = session.scalars(
            sa.select(Claim).where(Claim.article_id == article_id,
                                   Claim.status != ClaimStatus.NOT_A_CLAIM)
            .order_by(Claim.start, Claim.id)
            .options(selectinload(Claim.attributions).selectinload(Attribution.hops)
                     .selectinload(AttributionHop.source))).all()
        return article.body, [
            _ClaimChains(claim.id, claim.start, claim.end,
                         [[hop.source.name for hop in attribution.hops]
                          for attribution in claim.attributions]) for claim in claims
        ], sources.registry_names(session)

    # Read and extracted apart: the write lock is taken for the proposals only.
    body, claims, known = read_apart(context.session, current)
    found = extract(body, known_sources=known).claims
    session = context.session
    proposed = set(session.scalars(sa.select(ChainProposal.claim_id).where(
        ChainProposal.claim_id.in_([claim.id for claim in claims]),
        ChainProposal.extractor == extractor)))
    added = 0
    for claim in claims:
        chains = chains_in_span(claim.start, claim.end, found)
        if not chains or chains == claim.chains or claim.id in proposed:
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
