"""The embedded queue ``factcheck demo`` uses: a SQLite file in the instance
folder and a worker in the app's own process, so the two-command start runs
jobs without any other service. Stopping the worker leaves the signals as
they were (Ctrl+C still stops the server)."""

from __future__ import annotations

import signal
from pathlib import Path

import sqlalchemy as sa

from factcheck.config import settings_of
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.extensions import db
from factcheck.models.job import Job
from factcheck.worker.consumer import embedded_worker
from factcheck.worker.queue import queue_of, queue_url
from tests.worker.conftest import Finished, commit_job


def test_the_demo_s_worker_runs_jobs_from_the_instance_folder(worker_app, use_handler):
    url = queue_url(settings_of(worker_app.config), Path(worker_app.instance_path))
    assert url == "sqlite:///" + str(Path(worker_app.instance_path) / "jobs-queue.sqlite3")
    ran: list[int] = []
    use_handler(JobKind.REEXTRACT, lambda context: ran.append(context.job_id) or None)
    finished = Finished(worker_app)
    ids = [commit_job(worker_app, JobKind.REEXTRACT, {}, f"embedded {n}") for n in range(3)]
    assert queue_of(worker_app).huey.pending_count() == 3
    interrupt = signal.getsignal(signal.SIGINT)
    with embedded_worker(worker_app, workers=2):
        assert signal.getsignal(signal.SIGINT) is interrupt
        assert finished.wait(3) == ids
    assert sorted(ran) == ids
    with worker_app.app_context():
        assert set(db.session.scalars(sa.select(Job.status))) == {JobStatus.SUCCEEDED}


def test_a_worker_keeps_the_dashboard_figures_fresh(worker_app):
    """With FACTCHECK_FIGURES_REFRESHED_BY_WORKERS on (the default outside
    the tests), the worker's sweeper enqueues a figures recount and the
    worker runs it: the dashboard then finds its periodic figures counted."""
    from factcheck.services.dashboard import periodic
    from tests.support.config import change_settings

    change_settings(worker_app.config, figures_refreshed_by_workers=True)
    finished = Finished(worker_app)
    with worker_app.app_context():
        # The job is handed over by the sweep's commit, as any other job.
        queue_of(worker_app).sweep_once()
        (job_id,) = db.session.scalars(sa.select(Job.id).where(
            Job.kind == JobKind.FIGURES_REFRESH))
    with embedded_worker(worker_app, workers=1):
        assert finished.wait(1) == [job_id]
    with worker_app.app_context():
        assert db.session.get(Job, job_id).status is JobStatus.SUCCEEDED
        stored = db.session.execute(sa.text("SELECT value FROM shared_cache WHERE key = :k"),
                                    {"k": periodic.CACHE_KEY}).scalar_one()
        assert periodic.from_json(stored) is not None
