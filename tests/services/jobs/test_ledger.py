"""The job ledger: enqueueing is idempotent and transactional, a job is
claimed by one worker at a time, failures wait a doubling back-off, and the
sweeper finds what is due. Time is a value handed in, never waited for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.jobs import JobKind, JobStatus, backoff_seconds
from factcheck.models.audit import AuditEvent
from factcheck.models.job import Job
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.errors import NotFound, PermissionDenied, ValidationFailed
from factcheck.services.jobs import dispatch, enqueue, ledger

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = 60.0
POLICY = ledger.RetryPolicy(base=30.0, cap=3600.0)
SYSTEM = SystemActor(label="test")


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def handed_over():
    """The ids handed to the queue engine after each commit."""
    ids: list[int] = []
    dispatch.configure(ids.extend)
    yield ids
    dispatch.configure(None)


def _job(session, key="k1", max_attempts=3) -> Job:
    return enqueue(session, SYSTEM, JobKind.REEXTRACT, {"article_id": 1}, key,
                   max_attempts=max_attempts, now=T0)


def test_the_same_key_is_one_job(session):
    first = _job(session)
    again = _job(session)
    assert again.id == first.id
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1
    assert (first.status, first.attempts, first.payload_data()) == (
        JobStatus.QUEUED, 0, {"article_id": 1})


def test_a_job_exists_only_if_its_transaction_commits(session, handed_over):
    with session.begin_nested() as change:
        _job(session, "dropped")
        change.rollback()
    kept = _job(session, "kept")
    assert handed_over == []  # nothing before the commit
    session.commit()
    assert handed_over == [kept.id]
    assert session.scalars(sa.select(Job.key)).all() == ["kept"]


def test_a_rolled_back_transaction_hands_nothing_over(session, handed_over):
    _job(session, "never")
    session.rollback()
    session.commit()
    assert handed_over == []


def test_bad_payloads_and_keys_are_refused(session):
    with pytest.raises(ValidationFailed):
        enqueue(session, SYSTEM, JobKind.REEXTRACT, {"when": T0}, "dates are not JSON")
    with pytest.raises(ValidationFailed):
        enqueue(session, SYSTEM, JobKind.REEXTRACT, {}, " ")
    with pytest.raises(ValidationFailed):
        enqueue(session, SYSTEM, JobKind.REEXTRACT, {}, "k" * 301)
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_one_claim_at_a_time_until_the_lease_runs_out(session):
    job = _job(session)
    first = ledger.claim(session, job.id, at(0), LEASE)
    assert first is not None and first.attempts == 1 and first.status is JobStatus.RUNNING
    assert ledger.claim(session, job.id, at(LEASE - 1), LEASE) is None
    # The first worker died: past its lease, the job is taken over.
    second = ledger.claim(session, job.id, at(LEASE + 1), LEASE)
    assert second is not None and second.attempts == 2
    # The first attempt's success comes too late and is refused (its
    # caller rolls back what it wrote); the second's counts.
    assert not ledger.succeed(session, job.id, 1, at(LEASE + 2), {"n": 1})
    assert ledger.succeed(session, job.id, 2, at(LEASE + 3), {"n": 2})
    session.expire_all()
    done = session.get(Job, job.id)
    assert (done.status, done.result_data(), done.finished_at) == (
        JobStatus.SUCCEEDED, {"n": 2}, at(LEASE + 3))
    assert ledger.claim(session, job.id, at(10 * LEASE), LEASE) is None


def test_a_renewed_lease_keeps_the_job(session):
    job = _job(session)
    ledger.claim(session, job.id, at(0), LEASE)
    assert ledger.renew_lease(session, job.id, 1, at(LEASE - 5), LEASE)
    assert ledger.claim(session, job.id, at(LEASE + 1), LEASE) is None
    # A worker whose job was taken over cannot renew it any more.
    ledger.claim(session, job.id, at(2 * LEASE), LEASE)
    assert not ledger.renew_lease(session, job.id, 1, at(2 * LEASE), LEASE)


def test_failures_wait_a_doubling_back_off_then_fail(session):
    job = _job(session, max_attempts=3)
    now = 0.0
    for attempt, wait in ((1, 30.0), (2, 60.0)):
        assert ledger.claim(session, job.id, at(now), LEASE).attempts == attempt
        assert ledger.fail(session, job.id, attempt, at(now), f"boom {attempt}",
                           permanent=False, policy=POLICY) is JobStatus.QUEUED
        assert job.run_after == at(now + wait) and job.last_error == f"boom {attempt}"
        assert ledger.claim(session, job.id, at(now + wait - 1), LEASE) is None
        now += wait
    ledger.claim(session, job.id, at(now), LEASE)
    assert ledger.fail(session, job.id, 3, at(now), "boom 3", permanent=False,
                       policy=POLICY) is JobStatus.FAILED
    assert job.finished_at == at(now)
    assert ledger.claim(session, job.id, at(now + 10_000), LEASE) is None


def test_a_permanent_failure_fails_at_once(session):
    job = _job(session, max_attempts=5)
    ledger.claim(session, job.id, at(0), LEASE)
    assert ledger.fail(session, job.id, 1, at(1), "gone", permanent=True,
                       policy=POLICY) is JobStatus.FAILED


def test_back_off_doubles_up_to_its_cap():
    assert [backoff_seconds(n, 30, 3600) for n in range(0, 10)] == [
        0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert backoff_seconds(10_000, 30, 3600) == 3600


def test_the_sweeper_hands_over_what_is_due_once(session):
    fresh = _job(session, "fresh")  # handed over at enqueue
    waiting = _job(session, "waiting")
    ledger.claim(session, waiting.id, at(0), LEASE)
    ledger.fail(session, waiting.id, 1, at(0), "x", permanent=False, policy=POLICY)
    assert ledger.sweep(session, at(10), redispatch_after=300) == []
    assert ledger.sweep(session, at(30), redispatch_after=300) == [waiting.id]
    assert ledger.sweep(session, at(31), redispatch_after=300) == []
    # Never taken (its message was lost): handed over again, and again later.
    assert ledger.sweep(session, at(400), redispatch_after=300) == [fresh.id, waiting.id]
    assert ledger.sweep(session, at(401), redispatch_after=300) == []


def test_the_sweeper_finds_jobs_of_dead_workers(session):
    alive, dead, last = (_job(session, key, max_attempts=2) for key in ("a", "d", "l"))
    for job in (alive, dead):
        ledger.claim(session, job.id, at(0), LEASE)
    ledger.renew_lease(session, alive.id, 1, at(LEASE - 1), LEASE)
    ledger.claim(session, last.id, at(0), LEASE)
    ledger.fail(session, last.id, 1, at(0), "first", permanent=False, policy=POLICY)
    ledger.claim(session, last.id, at(POLICY.base), LEASE)  # its last attempt
    assert ledger.sweep(session, at(POLICY.base + LEASE + 1), redispatch_after=1000) == [
        dead.id]
    session.expire_all()
    failed = session.get(Job, last.id)
    assert failed.status is JobStatus.FAILED
    assert "stopped before it finished" in failed.last_error


def test_admins_retry_failed_jobs_and_it_is_audited(session, handed_over):
    from tests.support.desk import Desk

    desk = Desk(session)
    admin = desk.person("Jobs Admin", role="admin")
    job = _job(session, max_attempts=1)
    ledger.claim(session, job.id, at(0), LEASE)
    ledger.fail(session, job.id, 1, at(0), "broken", permanent=False, policy=POLICY)
    with pytest.raises(PermissionDenied):
        ledger.retry(session, desk.editor, job.id)
    retried = ledger.retry(session, admin, job.id, now=at(100))
    assert (retried.status, retried.attempts, retried.run_after) == (
        JobStatus.QUEUED, 0, at(100))
    session.commit()
    assert handed_over == [job.id]
    event = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.JOB_RETRIED)).one()
    assert event.entity_id == str(job.id) and event.actor_id == admin.id
    with pytest.raises(ValidationFailed):
        ledger.retry(session, admin, job.id)
    with pytest.raises(NotFound):
        ledger.retry(session, admin, job.id + 1000)


def _finished(session, key, finished_at, ok=True, result=None) -> Job:
    job = enqueue(session, SYSTEM, JobKind.REPORT_PDF, {"article_id": 1}, key, now=T0)
    ledger.claim(session, job.id, finished_at, LEASE)
    if ok:
        ledger.succeed(session, job.id, 1, finished_at, result or {})
    else:
        ledger.fail(session, job.id, 1, finished_at, "broken", permanent=True, policy=POLICY)
    return job


def test_pruning_forgets_old_finished_jobs_only_and_names_their_files(session, tmp_path):
    from tests.support.desk import Desk

    old_report = _finished(session, "old-report", at(0), result={"file": "report-1.pdf"})
    old_failure = _finished(session, "old-failure", at(10), ok=False)
    odd_file = _finished(session, "odd", at(20), result={"file": "../instance.db"})
    recent = _finished(session, "recent", at(40 * 86400))
    waiting = _job(session, "waiting")
    running = _job(session, "running")
    ledger.claim(session, running.id, at(30), LEASE)
    session.commit()
    gone = sorted([old_report.id, old_failure.id, odd_file.id])
    kept = {recent.id, waiting.id, running.id}
    now = at(40 * 86400 + 60)

    with pytest.raises(PermissionDenied):
        ledger.prune(session, Desk(session).editor, now, keep_days=30)
    pruned = ledger.prune(session, SYSTEM, now, keep_days=30)
    session.commit()

    assert sorted(pruned.job_ids) == gone
    assert pruned.files == ["report-1.pdf"]  # never a path outside the folder
    assert set(session.scalars(sa.select(Job.id))) == kept
    event = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.JOBS_PRUNED)).one()
    assert '"count":3' in (event.after or "").replace(" ", "")
    # nothing more to forget: no second event
    assert ledger.prune(session, SYSTEM, now, keep_days=30).job_ids == []
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == AuditAction.JOBS_PRUNED)) == 1

    (tmp_path / "report-1.pdf").write_bytes(b"%PDF")
    assert ledger.remove_files(tmp_path, pruned.files) == 1
    assert ledger.remove_files(tmp_path, pruned.files) == 0  # already gone is no error
    assert not (tmp_path / "report-1.pdf").exists()
