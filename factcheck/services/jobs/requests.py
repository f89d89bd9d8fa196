"""What people and commands ask the queue for: each checks the asker's
permission, picks the job's idempotency key, and enqueues."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.job import Job
from factcheck.models.types import utcnow
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.articles import get_article
from factcheck.services.intake.text_input import web_address
from factcheck.services.jobs.builtin import extractor_fingerprint, report_file
from factcheck.services.jobs.ledger import enqueue
from factcheck.services.revisions import watching

UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


def request_report_pdf(session: DbSession, actor: Actor, article_id: int) -> Job:
    """A PDF of the article's verdict report, made in the background. Asking
    again while one is still on its way returns that one."""
    require(actor, Permission.EXPORT_REPORTS)
    get_article(session, actor, article_id)
    owner = getattr(actor, "id", None)
    pending = session.scalars(
        sa.select(Job).where(Job.kind == JobKind.REPORT_PDF, Job.created_by_id == owner,
                             Job.status.in_(UNFINISHED), Job.key.startswith(
                                 f"report-pdf:{article_id}:")).limit(1)).first()
    if pending is not None:
        return pending
    return enqueue(session, actor, JobKind.REPORT_PDF, {"article_id": article_id},
                   f"report-pdf:{article_id}:{uuid.uuid4().hex}")


def request_url_import(session: DbSession, actor: Actor, url: str, outlet: str = "") -> Job:
    """An address to fetch and add as an article. The same address is one
    job while it is unfinished or done; a failed one may be asked again."""
    require(actor, Permission.ADD_ARTICLES)
    url = web_address(url, "The address")[:2048]
    if not url:
        raise ValidationFailed("Give the page's address to fetch it in the background.")
    # Keyed by a digest: an address may be longer than a key, and may hold
    # LIKE's wildcards.
    prefix = f"url-import:{hashlib.sha256(url.encode()).hexdigest()[:40]}:"
    earlier = session.scalars(
        sa.select(Job).where(Job.kind == JobKind.URL_IMPORT, Job.key.startswith(prefix),
                             Job.status != JobStatus.FAILED).limit(1)).first()
    if earlier is not None:
        return earlier
    return enqueue(session, actor, JobKind.URL_IMPORT, {"url": url, "outlet": outlet[:200]},
                   prefix + uuid.uuid4().hex)


def request_refetches(session: DbSession, actor: Actor, now: datetime | None = None,
                      ) -> list[Job]:
    """One fetch-again job per watched article (``revisions check
    --enqueue``); keyed by article and hour, so a second run within the
    hour enqueues nothing new."""
    hour = (now or utcnow()).strftime("%Y-%m-%dT%H")
    return [enqueue(session, actor, JobKind.ARTICLE_REFETCH, {"article_id": article_id},
                    f"refetch:{article_id}:{hour}")
            for article_id in watching.articles_to_watch(session, actor)]


@dataclass(frozen=True)
class Reextraction:
    extractor: str  # the fingerprint of the extractor the jobs will run
    jobs: list[Job]
    queued: int  # of them, new now (the rest were asked for before)


def request_reextraction(session: DbSession, actor: Actor,
                         article_ids: Sequence[int] = ()) -> Reextraction:
    """One re-extraction job per article (all of them by default), keyed by
    article and extractor: after an upgrade the fingerprint changes and the
    archive is gone over once more; before it, asking again adds nothing."""
    require(actor, Permission.EDIT_CLAIMS)
    extractor = extractor_fingerprint()
    query = sa.select(Article.id).order_by(Article.id)
    if article_ids:
        query = query.where(Article.id.in_(article_ids))
    ids = list(session.scalars(query))
    missing = set(article_ids) - set(ids)
    if missing:
        raise NotFound("No such article: " + ", ".join(f"#{i}" for i in sorted(missing)))
    keys = {article_id: f"reextract:{article_id}:{extractor}" for article_id in ids}
    asked_before = set(session.scalars(sa.select(Job.key).where(
        Job.kind == JobKind.REEXTRACT, Job.key.endswith(f":{extractor}"))))
    known = len(asked_before & set(keys.values()))
    jobs = [enqueue(session, actor, JobKind.REEXTRACT,
                    {"article_id": article_id, "extractor": extractor}, key)
            for article_id, key in keys.items()]
    return Reextraction(extractor, jobs, len(jobs) - known)


def job_for(session: DbSession, actor: Actor, job_id: int) -> Job:
    """A job its author (or an admin) may look at."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("No such job.")
    if not actor.can(Permission.MANAGE_JOBS) and (
            job.created_by_id is None or job.created_by_id != getattr(actor, "id", None)):
        # Someone else's job is not there, as far as this person knows.
        raise NotFound("No such job.")
    return job


def report_download(session: DbSession, actor: Actor, job_id: int,
                    files: Path) -> tuple[Path, str]:
    """The finished PDF of a report job: its file and the name to save it as."""
    job = job_for(session, actor, job_id)
    require(actor, Permission.EXPORT_REPORTS)
    result = job.result_data()
    if job.kind is not JobKind.REPORT_PDF or job.status is not JobStatus.SUCCEEDED \
            or not isinstance(result.get("file"), str):
        raise NotFound("This job has no file to download (yet).")
    path = files / report_file(job.id)
    if not path.is_file():
        raise NotFound("The report's file is no longer on this server; ask for it again.")
    return path, str(result.get("filename") or path.name)
