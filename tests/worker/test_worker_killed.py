"""A worker killed with SIGKILL in the middle of a job: another worker runs
the job again once the dead one's lease runs out, to completion, and its
effect is there exactly once.

No sleeping and no polling: the job's handler (tests/support/blocking_job)
writes its effect, then opens the named pipe ``started``; the test's read
of it returns exactly when the handler got there. The test kills the first
worker at that moment, starts a second one (with a one-second lease, so
the first worker's lease runs out at once), reads ``started`` again when
the second attempt gets there, lets it finish through ``release``, and
reads the worker's output until it reports the job succeeded."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck import PROJECT_ROOT, create_app
from factcheck.domain.jobs import JobStatus
from factcheck.extensions import db
from factcheck.services.core.actors import SystemActor
from factcheck.services.jobs import enqueue
from tests.support.blocking_job import KIND, effect_name
from tests.support.config import make_test_config
from tests.support.databases import temporary_database

GUARD_SECONDS = 180  # a worker that never gets there is killed, failing the test


def _worker(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.blocking_job", "worker", "--workers", "1"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def _guarded(worker: subprocess.Popen[str], started: Path) -> threading.Timer:
    """Should the worker end (or hang) before it reaches the pipe, stand in
    as its writer, so the test fails with the worker's output instead of
    waiting for ever."""

    def stand_in() -> None:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        with contextlib.suppress(OSError):  # nobody is reading: the test is past the pipe
            os.close(os.open(started, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(GUARD_SECONDS, stand_in)
    timer.daemon = True
    timer.start()
    threading.Thread(target=lambda: (worker.wait(), stand_in()), daemon=True).start()
    return timer


def _attempt_reaching_the_pipe(started: Path) -> str:
    with started.open(encoding="utf-8") as pipe:
        return pipe.read().strip()


def test_a_job_killed_half_way_runs_again_and_its_effect_happens_once(backend, tmp_path):
    folder = tmp_path / "pipes"
    folder.mkdir()
    started, release = folder / "started", folder / "release"
    os.mkfifo(started)
    os.mkfifo(release)
    with temporary_database(backend, tmp_path) as url:
        env = {**os.environ, "FACTCHECK_DATABASE_URL": url,
               "FACTCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
               "FACTCHECK_SECRET_KEY": "k" * 40,
               "FACTCHECK_JOBS_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
               # The lease a worker takes (and the second worker waits out).
               "FACTCHECK_JOBS_LEASE_SECONDS": "1",
               "FACTCHECK_JOBS_SWEEP_SECONDS": "0.2"}
        config = make_test_config(url, tmp_path / "instance")
        config["JOBS_URL"] = env["FACTCHECK_JOBS_URL"]
        app = create_app(config)
        with app.app_context():
            upgrade()
            job = enqueue(db.session, SystemActor(label="kill test"), KIND,
                          {"folder": str(folder)}, "killed half way")
            job_id = job.id
            db.session.commit()  # hands the job to the queue the workers read
            db.session.remove()
            db.engine.dispose()

        first = _worker(env)
        guard = _guarded(first, started)
        assert _attempt_reaching_the_pipe(started) == "1", first.communicate()
        first.send_signal(signal.SIGKILL)  # its effect is written, not committed
        first.communicate(timeout=60)
        guard.cancel()
        assert first.returncode == -signal.SIGKILL

        second = _worker(env)
        guard = _guarded(second, started)
        assert _attempt_reaching_the_pipe(started) == "2", second.communicate()
        with release.open("w", encoding="utf-8"):
            pass  # let it finish
        assert second.stdout is not None
        reported = []
        for line in second.stdout:
            reported.append(line.strip())
            if line.startswith(f"job {job_id}: "):
                break
        guard.cancel()
        second.send_signal(signal.SIGINT)  # finish what is in hand and stop
        second.communicate(timeout=60)
        assert reported[-1] == f"job {job_id}: succeeded", reported

        engine = sa.create_engine(url)
        with engine.connect() as connection:
            status, attempts = connection.execute(sa.text(
                "SELECT status, attempts FROM jobs WHERE id = :id"), {"id": job_id}).one()
            effects = connection.execute(sa.text(
                "SELECT count(*) FROM sources WHERE name = :name"),
                {"name": effect_name(job_id)}).scalar()
        engine.dispose()
        assert (status, attempts, effects) == (JobStatus.SUCCEEDED.value, 2, 1)
