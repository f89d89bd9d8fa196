"""The job ledger: enqueueing, claiming, finishing and sweeping jobs.

Every function here flushes and never commits; the caller's transaction
decides. ``enqueue`` is the outbox: the job row is written in the same
transaction as the change that asked for it, so a job exists if and only
if that change committed. After the commit its id is handed to the queue
engine (``dispatch``), and a worker's sweeper hands over again whatever
was due and not taken (a lost message, a back-off that ran out, a worker
that died holding a job).

Claiming is one conditional UPDATE, so of two workers that get the same
id only one runs it, on SQLite and PostgreSQL alike. A claim counts an
attempt and gives the worker a lease; the attempt number is its fencing
token: success is recorded only while the lease is still that attempt's,
and if it is not the whole attempt (its writes too) rolls back."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.jobs import JobKind, JobStatus, backoff_seconds
from factcheck.domain.roles import Permission
from factcheck.models.job import Job
from factcheck.models.types import utcnow
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, actor_label, require
from factcheck.services.core.errors import NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.jobs import dispatch

DEFAULT_MAX_ATTEMPTS = 5
MAX_KEY = 300
MAX_PAYLOAD = 64 * 1024  # characters of JSON; jobs carry ids and addresses, not documents
MAX_ERROR = 2000


@dataclass(frozen=True)
class RetryPolicy:
    """How long a failed job waits: ``base`` seconds after its first
    failure, doubled after each further one, at most ``cap``."""

    base: float = 30.0
    cap: float = 3600.0


def enqueue(session: DbSession, actor: Actor | None, kind: JobKind,
            payload: Mapping[str, Any], key: str, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS,
            now: datetime | None = None, run_after: datetime | None = None) -> Job:
    """A job of ``kind`` with ``payload``, in the caller's transaction.
    ``key`` makes it idempotent: a job with that key already in the ledger
    (in any state) is returned instead of a second one. ``run_after``: not
    before then (a worker's sweeper hands it over once it is due)."""
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise ValidationFailed(f"A job key is 1 to {MAX_KEY} characters.")
    if max_attempts < 1:
        raise ValidationFailed("A job needs at least one attempt.")
    try:
        encoded = json.dumps(dict(payload), sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValidationFailed(f"A job's payload must be plain JSON ({error}).") from error
    if len(encoded) > MAX_PAYLOAD:
        raise ValidationFailed("A job's payload is too large; pass ids, not documents.")
    existing = _by_key(session, key)
    if existing is not None:
        return existing
    now = now or utcnow()
    later = run_after is not None and run_after > now
    job = Job(kind=kind, key=key, payload=encoded, status=JobStatus.QUEUED, attempts=0,
              max_attempts=max_attempts, run_after=run_after if later else now,
              dispatched_at=None if later else now, created_at=now,
              created_by_id=getattr(actor, "id", None),
              created_by_label=actor_label(actor)[:200])
    try:
        # A savepoint: the same key enqueued at the same moment elsewhere
        # costs this insert, not the caller's whole transaction.
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        existing = _by_key(session, key)
        if existing is None:
            raise
        return existing
    if not later:
        dispatch.after_commit(session, job.id)
    return job


def _by_key(session: DbSession, key: str) -> Job | None:
    return session.scalars(sa.select(Job).where(Job.key == key)).one_or_none()


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Job.attempts < Job.max_attempts,
        sa.or_(sa.and_(Job.status == JobStatus.QUEUED, Job.run_after <= now),
               sa.and_(Job.status == JobStatus.RUNNING, Job.lease_until < now)))


def claim(session: DbSession, job_id: int, now: datetime, lease_seconds: float) -> Job | None:
    """Take job ``job_id`` for this worker, or None when it is not to be
    run now (done, failed, running elsewhere under a live lease, waiting
    for its back-off, or gone). One UPDATE with the conditions in its WHERE
    clause: the database lets exactly one of two racing workers match."""
    # RETURNING: the claimed row comes back with the UPDATE, in one round trip.
    return session.scalars(
        sa.update(Job).where(Job.id == job_id, _claimable(now))
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, started_at=now,
                lease_until=now + timedelta(seconds=lease_seconds), finished_at=None,
                # Its message is used up: should this worker die, the
                # sweeper hands the job over afresh.
                dispatched_at=None)
        .returning(Job)
        .execution_options(synchronize_session=False, populate_existing=True)).one_or_none()


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _fenced(job_id: int, attempt: int) -> sa.ColumnElement[bool]:
    """Still this attempt's job: running, and not claimed again since."""
    return sa.and_(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.attempts == attempt)


def renew_lease(session: DbSession, job_id: int, attempt: int, now: datetime,
                lease_seconds: float) -> bool:
    """Extend a running job's lease (a worker does so while its handler
    runs); False when another worker has taken the job over."""
    renewed = session.execute(
        sa.update(Job).where(_fenced(job_id, attempt))
        .values(lease_until=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False))
    return _rowcount(renewed) == 1


def succeed(session: DbSession, job_id: int, attempt: int, now: datetime,
            result: Mapping[str, Any] | None) -> bool:
    """Mark the attempt's job succeeded, in the transaction that holds the
    handler's writes. False: the lease was lost to another worker, and the
    caller must roll back so that nothing is done twice."""
    done = session.execute(
        sa.update(Job).where(_fenced(job_id, attempt))
        .values(status=JobStatus.SUCCEEDED, finished_at=now, lease_until=None,
                last_error=None,
                result=json.dumps(dict(result or {}), sort_keys=True, default=str))
        .execution_options(synchronize_session=False))
    return _rowcount(done) == 1


def fail(session: DbSession, job_id: int, attempt: int, now: datetime, error: str,
         *, permanent: bool, policy: RetryPolicy) -> JobStatus | None:
    """Record a failed attempt: queued again after its back-off while
    attempts remain, else (or when ``permanent``) failed. None when the
    lease was lost meanwhile (the new owner decides)."""
    job = session.scalars(sa.select(Job).where(_fenced(job_id, attempt))
                          .execution_options(populate_existing=True)).one_or_none()
    if job is None:
        return None
    job.last_error = error[:MAX_ERROR]
    job.lease_until = None
    if permanent or job.attempts >= job.max_attempts:
        job.status, job.finished_at = JobStatus.FAILED, now
    else:
        job.status = JobStatus.QUEUED
        job.run_after = now + timedelta(seconds=backoff_seconds(job.attempts, policy.base,
                                                                policy.cap))
        job.dispatched_at = None  # the sweeper hands it over once it is due
    session.flush()
    return job.status


def sweep(session: DbSession, now: datetime, redispatch_after: float,
          limit: int = 500) -> list[int]:
    """The ids a worker's sweeper hands to the queue engine now: jobs due
    and not handed over (a back-off that ran out) or handed over long ago
    and still not taken (a lost message), and running jobs whose worker let
    the lease run out (it died). Each is marked handed over, so sweepers on
    other machines do not hand it over too. A job whose worker died on its
    last attempt is failed here: nothing would ever claim it."""
    session.execute(
        sa.update(Job).where(Job.status == JobStatus.RUNNING, Job.lease_until < now,
                             Job.attempts >= Job.max_attempts)
        .values(status=JobStatus.FAILED, finished_at=now, lease_until=None,
                last_error=sa.func.coalesce(Job.last_error, "")
                + "The worker running the last attempt stopped before it finished.")
        .execution_options(synchronize_session=False))
    stale = now - timedelta(seconds=redispatch_after)
    not_handed = sa.or_(Job.dispatched_at.is_(None), Job.dispatched_at < stale)
    due = sa.and_(_claimable(now), not_handed)
    ids = list(session.scalars(sa.select(Job.id).where(due).order_by(Job.run_after, Job.id)
                               .limit(limit)))
    if ids:
        # Re-checked in the UPDATE: another sweeper may have taken some.
        session.execute(sa.update(Job).where(Job.id.in_(ids), due)
                        .values(dispatched_at=now)
                        .execution_options(synchronize_session=False))
    session.flush()
    return ids


def retry(session: DbSession, actor: Actor, job_id: int, now: datetime | None = None) -> Job:
    """An admin sends a failed job back to the queue with a fresh set of
    attempts (audited)."""
    require(actor, Permission.MANAGE_JOBS)
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("No such job.")
    if job.status is not JobStatus.FAILED:
        raise ValidationFailed(f"Job #{job.id} is {job.status.value}; only a failed job can be "
                               "retried.")
    now = now or utcnow()
    before = _audit_snapshot(job)
    job.status, job.attempts, job.run_after = JobStatus.QUEUED, 0, now
    job.finished_at = job.lease_until = None
    job.dispatched_at = now
    session.flush()
    audit.record(session, actor, AuditAction.JOB_RETRIED, "job", job.id,
                 before=before, after=_audit_snapshot(job))
    dispatch.after_commit(session, job.id)
    return job


@dataclass(frozen=True)
class Pruned:
    job_ids: list[int]
    files: list[str]  # the pruned jobs' files, to remove once the deletion is committed


_FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


def prune(session: DbSession, actor: Actor, now: datetime, keep_days: float,
          limit: int = 1000) -> Pruned:
    """Forget finished jobs older than ``keep_days``: their ledger rows and the files they
    made (a PDF report someone never fetched again). Queued and running jobs are never
    touched. One audit event says how many went and which; the files are named for the
    caller to remove after the commit, so a rollback leaves no row without its file."""
    require(actor, Permission.MANAGE_JOBS)
    cutoff = now - timedelta(days=keep_days)
    rows = session.execute(
        sa.select(Job.id, Job.result)
        .where(Job.status.in_(_FINISHED), Job.finished_at < cutoff)
        .order_by(Job.id).limit(limit)).all()
    if not rows:
        return Pruned([], [])
    ids = [row.id for row in rows]
    files = []
    for row in rows:
        name = _result_file(row.result)
        if name:
            files.append(name)
    session.execute(sa.delete(Job).where(Job.id.in_(ids), Job.status.in_(_FINISHED))
                    .execution_options(synchronize_session=False))
    session.flush()
    audit.record(session, actor, AuditAction.JOBS_PRUNED, "job", None,
                 after={"count": len(ids), "first_id": ids[0], "last_id": ids[-1],
                        "finished_before": cutoff.isoformat(), "files": len(files)})
    return Pruned(ids, files)


def remove_files(folder: Path, names: Sequence[str]) -> int:
    """Remove pruned jobs' files (after the commit that forgot the jobs); how many went.
    One already gone is no error: two sweepers may prune around the same time."""
    removed = 0
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
            removed += 1
    return removed


def _result_file(result: str | None) -> str | None:
    """The file a job's result names ({"file": "report-12.pdf"}), if a plain file name."""
    try:
        data = json.loads(result or "{}")
    except ValueError:
        return None
    name = data.get("file") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name[0] == ".":
        return None
    return name


def _audit_snapshot(job: Job) -> dict[str, Any]:
    return {"kind": job.kind.value, "status": job.status.value, "attempts": job.attempts,
            "last_error": job.last_error}
