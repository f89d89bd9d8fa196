"""Running a job: its writes and its success commit together; a failure
rolls its writes back and schedules the next attempt; a worker whose lease
was taken over commits nothing; of workers racing for one job, one runs it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from factcheck.config import settings_of
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.domain.sources import SourceKind
from factcheck.extensions import db
from factcheck.models.job import Job
from factcheck.models.source import Source
from factcheck.services.jobs import PermanentFailure, RetryLater, ledger
from factcheck.worker.runner import Outcome, run_job
from tests.worker.conftest import commit_job

# After any real enqueue time: jobs enqueued "now" are due by then.
T0 = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
KIND = JobKind.REEXTRACT


def _clock(seconds: float = 0.0):
    return lambda: T0 + timedelta(seconds=seconds)


def _add_source(context, name: str) -> None:
    context.session.add(Source(name=name, name_key=name.lower(), kind=SourceKind.PERSON))
    context.session.flush()


def _sources(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Source.name).order_by(Source.name)))


def _job(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def test_a_job_s_writes_commit_with_its_success(worker_app, use_handler):
    use_handler(KIND, lambda context: _add_source(context, "Done Once") or {"ok": 1})
    job_id = commit_job(worker_app, KIND, {}, "once", )
    assert run_job(worker_app, job_id, _clock()) is Outcome.SUCCEEDED
    assert run_job(worker_app, job_id, _clock(1)) is Outcome.NOT_CLAIMED
    assert _sources(worker_app) == ["Done Once"]
    job = _job(worker_app, job_id)
    assert (job.status, job.attempts, job.result_data()) == (JobStatus.SUCCEEDED, 1, {"ok": 1})


def test_a_failed_attempt_leaves_nothing_and_is_tried_again_later(worker_app, use_handler):
    calls = []

    def flaky(context):
        calls.append(context.attempt)
        _add_source(context, f"Attempt {context.attempt}")
        if context.attempt == 1:
            raise RetryLater("the server is down")
        return None

    use_handler(KIND, flaky)
    job_id = commit_job(worker_app, KIND, {}, "flaky")
    assert run_job(worker_app, job_id, _clock()) is Outcome.RETRYING
    job = _job(worker_app, job_id)
    backoff = settings_of(worker_app.config).jobs_backoff_seconds
    assert (job.status, job.last_error, job.run_after) == (
        JobStatus.QUEUED, "RetryLater: the server is down", T0 + timedelta(seconds=backoff))
    assert _sources(worker_app) == []
    assert run_job(worker_app, job_id, _clock(backoff - 1)) is Outcome.NOT_CLAIMED
    assert run_job(worker_app, job_id, _clock(backoff)) is Outcome.SUCCEEDED
    assert calls == [1, 2] and _sources(worker_app) == ["Attempt 2"]


def test_permanent_failures_and_unknown_kinds_fail_at_once(worker_app, use_handler):
    def refuses(context):
        raise PermanentFailure("the article is gone")

    use_handler(KIND, refuses)
    job_id = commit_job(worker_app, KIND, {}, "gone")
    assert run_job(worker_app, job_id, _clock()) is Outcome.FAILED
    assert _job(worker_app, job_id).last_error == "PermanentFailure: the article is gone"
    orphan = commit_job(worker_app, JobKind.WEBHOOK_DELIVERY, {}, "no handler yet")
    from factcheck.services.jobs import handlers

    handlers._handlers.pop(JobKind.WEBHOOK_DELIVERY, None)
    assert run_job(worker_app, orphan, _clock()) is Outcome.FAILED
    assert "No handler" in _job(worker_app, orphan).last_error


def test_a_worker_that_lost_its_lease_commits_nothing(worker_app, use_handler):
    lease = settings_of(worker_app.config).jobs_lease_seconds

    def overtaken(context):
        # Another worker took the job over (this one looked dead) ...
        with worker_app.app_context():
            assert ledger.claim(db.session, context.job_id, T0 + timedelta(seconds=lease + 1),
                                lease) is not None
            db.session.commit()
        # ... so what this one writes now must not stay.
        _add_source(context, "Written Twice")

    use_handler(KIND, overtaken)
    job_id = commit_job(worker_app, KIND, {}, "overtaken")
    assert run_job(worker_app, job_id, _clock()) is Outcome.LEASE_LOST
    assert _sources(worker_app) == []
    job = _job(worker_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 2)


def test_of_workers_racing_for_one_job_one_runs_it(worker_app, use_handler):
    runs = []
    use_handler(KIND, lambda context: runs.append(context.attempt) or None)
    job_id = commit_job(worker_app, KIND, {}, "raced")
    start = threading.Barrier(6)
    outcomes = []

    def worker() -> None:
        start.wait()
        outcomes.append(run_job(worker_app, job_id, _clock()))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == [1]
    assert sorted(outcomes) == sorted([Outcome.SUCCEEDED] + [Outcome.NOT_CLAIMED] * 5)


def test_a_long_job_keeps_its_lease_while_it_runs(worker_app, use_handler, monkeypatch):
    from itertools import count

    from tests.support.config import change_settings

    change_settings(worker_app.config, jobs_lease_seconds=0.3)  # renewed every 0.1 s
    renewed = threading.Event()
    renew = ledger.renew_lease

    def noticed(*args, **kwargs):
        done = renew(*args, **kwargs)
        if done:
            renewed.set()
        return done

    monkeypatch.setattr(ledger, "renew_lease", noticed)
    ticks = count()

    def clock():  # a second later at each reading, whatever the real time
        return T0 + timedelta(seconds=next(ticks))

    taken_over = []

    def long_job(context):
        assert renewed.wait(30), "the lease was never renewed"
        # Without the renewal the lease (T0 + 0.3 s) would be over by now.
        with worker_app.app_context():
            taken_over.append(ledger.claim(db.session, context.job_id,
                                           T0 + timedelta(seconds=0.5), 0.3))
            db.session.rollback()

    use_handler(KIND, long_job)
    job_id = commit_job(worker_app, KIND, {}, "long")
    assert run_job(worker_app, job_id, clock) is Outcome.SUCCEEDED
    assert taken_over == [None]


def test_the_sweeper_prunes_at_most_once_an_hour(worker_app):
    from factcheck.models.types import utcnow
    from factcheck.worker.queue import queue_of

    queue = queue_of(worker_app)
    now = utcnow()
    old_done = now - timedelta(days=40)
    # "edge" reaches its 30 days' keeping time ten minutes from now
    edge_done = now - timedelta(days=30) + timedelta(minutes=10)
    old = commit_job(worker_app, JobKind.REEXTRACT, {"article_id": 1}, "old", now=old_done)
    edge = commit_job(worker_app, JobKind.REEXTRACT, {"article_id": 2}, "edge", now=edge_done)
    with worker_app.app_context():
        for job_id, done_at in ((old, old_done), (edge, edge_done)):
            assert ledger.claim(db.session, job_id, done_at, 60.0) is not None
            ledger.succeed(db.session, job_id, 1, done_at, None)
        db.session.commit()
    queue.prune_due(now)
    with worker_app.app_context():
        assert set(db.session.scalars(sa.select(Job.id))) == {edge}
    queue.prune_due(now + timedelta(minutes=20))  # within the hour: not again yet
    with worker_app.app_context():
        assert db.session.get(Job, edge).status is JobStatus.SUCCEEDED
    queue.prune_due(now + timedelta(minutes=61))
    with worker_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
