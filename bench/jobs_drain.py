"""Job queue throughput: how fast workers drain a backlog.

    python bench/jobs_drain.py [--jobs 1000] [--workers 2] [--threads 4]
                               [--queue redis://127.0.0.1:6379/14] [--pg URL]

Builds a throwaway database (PostgreSQL when --pg or
FACTCHECK_TEST_DATABASE_URL names a server, else a temp SQLite file),
enqueues ``--jobs`` jobs in one transaction (handed to the queue at commit),
starts ``--workers`` real ``factcheck worker`` processes with ``--threads``
threads each, and prints how long they take to run every job. Each job does
what a small real one does: claims its ledger row, writes one row and marks
itself succeeded in that transaction. Without --queue, the queue is a SQLite
file (the embedded default).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.domain.jobs import JobKind  # noqa: E402
from factcheck.domain.sources import SourceKind  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.source import Source  # noqa: E402
from factcheck.scratch_db import scratch_postgres_database  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.jobs import JobContext, enqueue, register_handler  # noqa: E402

KIND = JobKind.REEXTRACT  # its handler is replaced by a small one below


def small_job(context: JobContext) -> dict[str, int]:
    name = f"bench {context.job_id}"
    context.session.add(Source(name=name, name_key=name, kind=SourceKind.PERSON))
    return {"job": context.job_id}


def _worker_app() -> Flask:
    app = create_app()
    register_handler(KIND, small_job)
    return app


def _env(url: str, queue: str, folder: Path) -> dict[str, str]:
    return {**os.environ, "FACTCHECK_DATABASE_URL": url, "FACTCHECK_JOBS_URL": queue,
            "FACTCHECK_INSTANCE_PATH": str(folder / "instance"),
            "FACTCHECK_SECRET_KEY": "b" * 40, "FACTCHECK_JOBS_SWEEP_SECONDS": "5"}


def run(url: str, queue: str, jobs: int, workers: int, threads: int, folder: Path) -> None:
    env = _env(url, queue, folder)
    os.environ.update(env)
    app = create_app()
    with app.app_context():
        upgrade()
        actor = SystemActor(label="bench")
        started = time.perf_counter()
        for number in range(jobs):
            enqueue(db.session, actor, KIND, {"n": number}, f"bench {number}")
        db.session.commit()
        enqueued = time.perf_counter() - started
        db.session.remove()
    processes = [subprocess.Popen(
        [sys.executable, __file__, "--as-worker", "worker", "--workers", str(threads)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)]
    started = time.perf_counter()
    engine = sa.create_engine(url)
    try:
        while True:
            with engine.connect() as connection:
                done = connection.execute(sa.text(
                    "SELECT count(*) FROM jobs WHERE status = 'succeeded'")).scalar_one()
            if done >= jobs:
                break
            time.sleep(0.05)  # a benchmark may poll; tests never do
        drained = time.perf_counter() - started
        with engine.connect() as connection:
            effects = connection.execute(sa.text(
                "SELECT count(*) FROM sources WHERE name LIKE 'bench %'")).scalar_one()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
        engine.dispose()
    backend = url.split(":", 1)[0]
    print(f"{backend:<22} queue {queue.split(':', 1)[0]:<7} {jobs} jobs: enqueued in "
          f"{enqueued:.2f} s; {workers} workers x {threads} threads drained them in "
          f"{drained:.1f} s ({jobs / drained:.0f} jobs/s, worker start-up included); "
          f"effects {effects} (exactly one per job: {effects == jobs})")


def main() -> None:
    if "--as-worker" in sys.argv:
        sys.argv.remove("--as-worker")
        from factcheck.cli import FactcheckGroup

        FactcheckGroup(create_app=_worker_app)()
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--queue", default="")
    parser.add_argument("--pg", default=os.environ.get("FACTCHECK_TEST_DATABASE_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        queue = args.queue or f"sqlite:///{folder / 'queue.sqlite3'}"
        if queue.startswith("redis"):
            from huey import RedisHuey

            RedisHuey("factcheck-jobs", url=queue).flush()  # a clean queue to measure
        if args.pg:
            with scratch_postgres_database(args.pg, "bench_jobs") as url:
                run(url, queue, args.jobs, args.workers, args.threads, folder)
        else:
            run(f"sqlite:///{folder / 'bench.sqlite3'}", queue, args.jobs, args.workers,
                args.threads, folder)


if __name__ == "__main__":
    main()
