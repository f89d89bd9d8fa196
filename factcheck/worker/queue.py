"""The queue engine (Huey): it carries job ids from whoever enqueued them
to a worker. Redis when ``FACTCHECK_JOBS_URL`` (or ``FACTCHECK_REDIS_URL``)
names one, so workers on several machines share it; otherwise a SQLite file
in the instance folder, which needs no service at all.

The engine holds no truth about jobs: the ledger (``jobs`` table) does.
Huey's own retries are not used; a failed attempt goes back to the ledger
with its back-off, and the sweeper hands it over again when it is due."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey

from factcheck.config import ConfigError, Settings, settings_of
from factcheck.extensions import db
from factcheck.models.types import utcnow
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.shared_cache import open_cache
from factcheck.services.dashboard.refresh import refresh_due
from factcheck.services.jobs import dispatch, ledger
from factcheck.services.jobs.handlers import files_folder
from factcheck.worker.runner import Outcome, run_job

# Modules that call ``register_handler`` when imported: every process that
# may run jobs imports them (a feature adding a kind of job adds its module).
HANDLER_MODULES = ("factcheck.services.jobs.builtin", "factcheck.services.webhooks.queue_wiring",
                   "factcheck.services.dashboard.refresh", "factcheck.services.matching.background")
QUEUE_NAME = "factcheck-jobs"
TASK_NAME = "factcheck.run_job"
EXTENSION = "factcheck.jobs"

log = logging.getLogger("factcheck.jobs")
PRUNE_EVERY = timedelta(hours=1)
SWEEPER = SystemActor("worker:sweeper")


def queue_url(settings: Settings, instance_path: Path) -> str:
    """The queue's address: the jobs setting, else the Redis one, else a
    SQLite file beside the app's own."""
    return (settings.jobs_url or settings.redis_url
            or "sqlite:///" + str(instance_path / "jobs-queue.sqlite3"))


def make_huey(url: str, name: str = QUEUE_NAME) -> Huey:
    if url.startswith(("redis://", "rediss://", "unix://")):
        # Blocking pops: an idle worker wakes the moment a job arrives.
        return RedisHuey(name, url=url, blocking=True, results=False)
    if url.startswith("sqlite:///"):
        # No fsync per message: a message lost with the machine's power is
        # handed over again by the sweeper (the ledger row is the job).
        return SqliteHuey(name, filename=url.removeprefix("sqlite:///"), results=False,
                          fsync=False)
    raise ConfigError("FACTCHECK_JOBS_URL must start with redis://, rediss://, unix:// or "
                      f"sqlite:///, not {url.split(':', 1)[0]!r}.")


@dataclass
class JobQueue:
    """The app's queue: the Huey instance and its one task, which runs a
    ledger job by id in this app."""

    app: Flask
    huey: Huey
    task: Any = field(init=False)
    # Told of every outcome (the worker command prints it; tests wait on it).
    on_outcome: Callable[[int, Outcome], None] | None = None
    # When this process last forgot old finished jobs (see ``prune_due``).
    last_pruned: datetime | None = None

    def __post_init__(self) -> None:
        def run_ledger_job(job_id: int) -> str:
            outcome = run_job(self.app, job_id)
            if self.on_outcome is not None:
                self.on_outcome(job_id, outcome)
            return outcome.value

        # No result storage: the ledger keeps results.
        self.task = self.huey.task(name=TASK_NAME)(run_ledger_job)

    def hand_over(self, ids: Sequence[int]) -> None:
        for job_id in ids:
            self.task(job_id)

    def sweep_once(self) -> list[int]:
        """Hand over what is due (see ``ledger.sweep``); the ids handed over."""
        settings = settings_of(self.app.config)
        with self.app.app_context():
            now = utcnow()
            # The dashboard's periodic figures are recounted here, off any
            # page request, before they reach their bound.
            if settings.figures_refreshed_by_workers:
                refresh_due(db.session,
                            open_cache(settings.redis_url, db.session.get_bind()), settings, now)
                db.session.commit()
            ids = ledger.sweep(db.session, now,
                               redispatch_after=max(settings.jobs_lease_seconds,
                                                    settings.jobs_sweep_seconds * 3))
            db.session.commit()
            self.prune_due(now)
        self.hand_over(ids)
        return ids

    def prune_due(self, now: datetime) -> None:
        """Once an hour per worker, forget finished jobs past their keeping time (and
        remove their files once that is committed)."""
        if self.last_pruned is not None and now - self.last_pruned < PRUNE_EVERY:
            return
        settings = settings_of(self.app.config)
        with self.app.app_context():
            pruned = ledger.prune(db.session, SWEEPER, now, settings.jobs_keep_days)
            db.session.commit()
        ledger.remove_files(files_folder(self.app.instance_path), pruned.files)
        self.last_pruned = now


def install(app: Flask, name: str = QUEUE_NAME) -> JobQueue:
    """Give ``app`` its queue, and hand enqueued jobs to it after each commit."""
    for module in HANDLER_MODULES:
        importlib.import_module(module)  # each registers its handlers on import
    settings = settings_of(app.config)
    queue = JobQueue(app, make_huey(queue_url(settings, Path(app.instance_path)), name))
    app.extensions[EXTENSION] = queue
    dispatch.configure(queue.hand_over)
    return queue


def queue_of(app: Flask) -> JobQueue:
    queue = app.extensions[EXTENSION]
    assert isinstance(queue, JobQueue)
    return queue


class Sweeper:
    """A thread that sweeps every ``FACTCHECK_JOBS_SWEEP_SECONDS`` (and once
    at start), for as long as its worker runs."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="jobs-sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        interval = settings_of(self.queue.app.config).jobs_sweep_seconds
        while True:
            try:
                self.queue.sweep_once()
            except Exception:
                log.warning("the job sweeper failed; trying again", exc_info=True)
            if self._stop.wait(interval):
                return
