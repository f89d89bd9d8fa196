"""Starting and stopping a worker: Huey's consumer (threads or processes
that take job ids off the queue and run them) and the sweeper beside it."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from huey.consumer import Consumer

from factcheck.extensions import db
from factcheck.worker.queue import Sweeper, queue_of

WORKER_TYPES = ("thread", "process")
# An idle SQLite-backed worker looks for work at least this often (Redis
# workers block on the queue and wake at once).
MAX_POLL_SECONDS = 1.0
# How long stopping ``factcheck demo`` waits for the jobs in hand.
EMBEDDED_SHUTDOWN_SECONDS = 10.0


def make_consumer(app: Flask, workers: int, worker_type: str = "thread",
                  shutdown_timeout: float | None = None) -> Consumer:
    if worker_type == "process":
        # Forked workers must not share the parent's database connections.
        def fresh_connections() -> None:
            with app.app_context():
                db.engine.dispose(close=False)

        os.register_at_fork(after_in_child=fresh_connections)
    return queue_of(app).huey.create_consumer(
        workers=workers, worker_type=worker_type, periodic=False,
        max_delay=MAX_POLL_SECONDS, check_worker_health=True, shutdown_timeout=shutdown_timeout)


def run_worker(app: Flask, workers: int, worker_type: str = "thread") -> None:
    """Run until SIGINT (finish the jobs in hand) or SIGTERM (stop now; the
    jobs in hand run again once their lease runs out)."""
    sweeper = Sweeper(queue_of(app))
    sweeper.start()
    try:
        make_consumer(app, workers, worker_type).run()
    finally:
        sweeper.stop()


@contextmanager
def embedded_worker(app: Flask, workers: int = 2) -> Iterator[None]:
    """A worker in this process's threads for as long as the block runs
    (``factcheck demo``): the signals stay the caller's, so Ctrl+C still
    stops the server, and the worker stops with it."""
    # A job still running after this is left to its lease: the next start
    # (or another worker) runs it again.
    consumer = make_consumer(app, workers, shutdown_timeout=EMBEDDED_SHUTDOWN_SECONDS)
    kept = {signum: signal.getsignal(signum)
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    sweeper = Sweeper(queue_of(app))
    consumer.start()
    for signum, handler in kept.items():
        signal.signal(signum, handler)
    sweeper.start()
    try:
        yield
    finally:
        sweeper.stop()
        consumer.stop(graceful=True)
