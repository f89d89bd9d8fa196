"""Running one job by its ledger id, in a worker. This is the jobs'
transaction boundary, as a view or a CLI command is for a request: the
claim commits on its own (other workers must see it), then the handler's
writes and the "succeeded" mark commit together, or roll back together
when the handler fails or the lease was lost."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import Flask

from factcheck.config import settings_of
from factcheck.extensions import db
from factcheck.models.job import Job
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.services.core.actors import Actor, SystemActor
from factcheck.services.jobs import ledger
from factcheck.services.jobs.errors import PermanentFailure
from factcheck.services.jobs.handlers import JobContext, files_folder, handler_for

log = logging.getLogger("factcheck.jobs")

Clock = Callable[[], datetime]


class Outcome(enum.StrEnum):
    NOT_CLAIMED = "not claimed"  # done, failed, waiting, or running elsewhere
    SUCCEEDED = "succeeded"
    RETRYING = "retrying"
    FAILED = "failed"
    LEASE_LOST = "lease lost"  # another worker took it over; this attempt rolled back


def run_job(app: Flask, job_id: int, clock: Clock = utcnow) -> Outcome:
    settings = settings_of(app.config)
    with app.app_context():
        session = db.session
        job = ledger.claim(session, job_id, clock(), settings.jobs_lease_seconds)
        if job is None:
            session.commit()
            return Outcome.NOT_CLAIMED
        # Read before the commit: afterwards the session stays idle until the
        # handler's first statement, which decides how its transaction begins.
        attempt, kind, actor = job.attempts, job.kind, _actor(job)
        if isinstance(actor, User):
            # Detached with what was loaded: checking who acts starts no
            # transaction (on SQLite that would take the write lock early).
            session.expunge(actor)
        context = JobContext(session=session, actor=actor, job_id=job.id,
                             attempt=attempt, payload=job.payload_data(), settings=settings,
                             files=files_folder(app.instance_path), now=clock())
        session.commit()
        log.info("job %s (%s) attempt %s started", job_id, kind.value, attempt)
        with _lease_kept(app, job_id, attempt, clock):
            try:
                handler = handler_for(kind)
                if handler is None:
                    raise PermanentFailure(f"No handler is registered for {kind.value} jobs.")
                result = handler(context)
                if not ledger.succeed(session, job_id, attempt, clock(), result):
                    session.rollback()
                    log.warning("job %s attempt %s lost its lease; rolled back", job_id, attempt)
                    return Outcome.LEASE_LOST
                session.commit()
            except Exception as error:
                session.rollback()
                return _record_failure(app, job_id, attempt, error, clock)
        log.info("job %s (%s) attempt %s succeeded", job_id, kind.value, attempt)
        return Outcome.SUCCEEDED


def _actor(job: Job) -> Actor:
    """The person who asked for the job, while still active (a job does not
    outlive its author's access); else the system, labelled with the job."""
    user = job.created_by
    if isinstance(user, User) and user.active:
        return user
    return SystemActor(label=f"job #{job.id} ({job.created_by_label})")


def _describe(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error) or error.__class__.__name__
    return f"{error.__class__.__name__}: {message}"


def _record_failure(app: Flask, job_id: int, attempt: int, error: Exception,
                    clock: Clock) -> Outcome:
    settings = settings_of(app.config)
    permanent = isinstance(error, PermanentFailure)
    status = ledger.fail(db.session, job_id, attempt, clock(), _describe(error),
                         permanent=permanent,
                         policy=ledger.RetryPolicy(base=settings.jobs_backoff_seconds))
    db.session.commit()
    log.warning("job %s attempt %s failed (%s): %s", job_id, attempt,
                status.value if status else "lease lost", _describe(error))
    if status is None:
        return Outcome.LEASE_LOST
    return Outcome.FAILED if status.value == "failed" else Outcome.RETRYING


@contextmanager
def _lease_kept(app: Flask, job_id: int, attempt: int, clock: Clock) -> Iterator[None]:
    """Renew the job's lease every third of its length while the handler
    runs, from a thread with its own connection, so a long job is not taken
    for a dead one."""
    lease = settings_of(app.config).jobs_lease_seconds
    stop = threading.Event()

    def keep() -> None:
        while not stop.wait(lease / 3):
            try:
                with app.app_context():
                    renewed = ledger.renew_lease(db.session, job_id, attempt, clock(), lease)
                    db.session.commit()
            except Exception:
                log.warning("could not renew the lease of job %s", job_id, exc_info=True)
                continue
            if not renewed:
                return

    keeper = threading.Thread(target=keep, name=f"lease-{job_id}", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join()
