"""Claim matching's jobs: an article's claims matched off the request that
saved them, and published verdicts' vectors (semantic matching).

Searching for a claim costs 15-60 ms at 100,000 verdicts, so an article of
fifty claims held its save for seconds. Saving an article (or a new text of
it) now only enqueues ``claim_matching`` in the same transaction; a worker
searches for the article's claims that have nothing stored for their
current text and stores what it found. Until then the pages say matching
is in progress instead of showing no suggestions.

- Coalescing: a job for the article still queued (not yet started) is
  reused, since it reads the claims when it runs; one already running may
  have read them before this change, so a new one is enqueued.
- Idempotent: a run matches only claims whose stored text is not their
  current one, so a second run finds nothing to do and writes nothing; the
  searching reads apart (``read_apart``), and only claims whose text is
  still the one searched for are stored, so an edit made meanwhile (which
  stores its own matches) is never overwritten with an older text's.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from factcheck.database import read_apart
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.models.claim import Claim
from factcheck.models.external_verdict import MatchDocument
from factcheck.models.job import Job
from factcheck.services.core.actors import Actor
from factcheck.services.core.session import DbSession
from factcheck.services.jobs import PermanentFailure, enqueue, register_handler
from factcheck.services.jobs.handlers import JobContext
from factcheck.services.matching import vectors
from factcheck.services.matching.claim_figures import (
    Found,
    match_arrivals,
    outdated_of_article,
    search_claims,
    store_found,
)

PREFIX = "claim-matching"


def _key_prefix(article_id: int) -> str:
    return f"{PREFIX}:{article_id}:"


def _jobs_of(article_id: int, *statuses: JobStatus) -> sa.Select[Any]:
    # Status first: the (status, run_after) index keeps this to the few
    # unfinished jobs, however long the ledger grows.
    return sa.select(Job).where(Job.status.in_(statuses), Job.kind == JobKind.CLAIM_MATCHING,
                                Job.key.startswith(_key_prefix(article_id)))


def request_matching(session: DbSession, actor: Actor | None, article_id: int) -> Job:
    """Match the article's claims in the background, in the caller's
    transaction; a job for it that has not started yet is reused."""
    waiting = session.scalars(_jobs_of(article_id, JobStatus.QUEUED)
                              .order_by(Job.id).limit(1)).first()
    if waiting is not None:
        return waiting
    return enqueue(session, actor, JobKind.CLAIM_MATCHING, {"article_id": article_id},
                   _key_prefix(article_id) + uuid.uuid4().hex)


def matching_since(session: DbSession, article_id: int) -> datetime | None:
    """When the article's oldest unfinished matching job was asked for;
    None when none is waiting or running."""
    job = session.scalars(_jobs_of(article_id, JobStatus.QUEUED, JobStatus.RUNNING)
                          .order_by(Job.id).limit(1)).first()
    return job.created_at if job is not None else None


def match_article(context: JobContext) -> dict[str, Any]:
    article_id = context.payload.get("article_id")
    if not isinstance(article_id, int) or isinstance(article_id, bool):
        raise PermanentFailure("The job's payload has no article_id.")

    def searched(session: DbSession) -> Found:
        return search_claims(session, outdated_of_article(session, article_id))

    # The searching (the slow part) reads apart: the write lock is taken
    # for the storing only.
    found = read_apart(context.session, searched)
    session = context.session
    current: dict[int, str] = {}
    ids = [claim_id for claim_id, _ in found.claims]
    if ids:
        # Locked on PostgreSQL: an edit of one of them waits until these
        # rows are stored, or is seen here (SQLite's write lock does both).
        current = {claim_id: text for claim_id, text in session.execute(
            sa.select(Claim.id, Claim.text).where(Claim.id.in_(ids)).with_for_update())}
    kept = found.only(current)
    store_found(session, kept, context.now)
    session.flush()
    return {"article_id": article_id, "matched": len(kept.claims),
            "skipped": len(found.claims) - len(kept.claims)}


def compute_claim_vectors(context: JobContext) -> dict[str, Any]:
    """The ``claim_vectors`` job: vectors for published or imported
    verdicts that have none, then those verdicts scored again against the
    claims they may match, now on meaning as well as words (on arrival,
    without a vector yet, they were scored on words alone)."""
    session = context.session
    computed = vectors.compute_vectors(session)
    if computed:
        match_arrivals(session, session.scalars(
            sa.select(MatchDocument).where(MatchDocument.id.in_(computed))).all())
    if len(computed) == vectors.BATCH:  # perhaps more: the next batch is another job
        enqueue(session, vectors.ACTOR, JobKind.CLAIM_VECTORS, {},
                f"claim-vectors:after-{context.job_id}")
    return {"computed": len(computed)}


register_handler(JobKind.CLAIM_MATCHING, match_article)
register_handler(JobKind.CLAIM_VECTORS, compute_claim_vectors)
