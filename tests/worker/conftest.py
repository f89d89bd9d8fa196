"""An app on a database of its own with real commits (workers commit), and
a way to put a handler of the test's in place for one kind of job."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade

from factcheck.domain.jobs import JobKind
from factcheck.extensions import db
from factcheck.services.jobs import handlers
from factcheck.services.jobs.handlers import Handler
from factcheck.worker.queue import queue_of
from factcheck.worker.runner import Outcome

# How long a test waits for a worker's jobs before it fails (never a sleep:
# the wait ends as soon as they are done).
WAIT_SECONDS = 60.0


@pytest.fixture
def worker_app(fresh_app: Flask) -> Flask:
    with fresh_app.app_context():
        upgrade()
    return fresh_app


@pytest.fixture
def use_handler() -> Iterator[Any]:
    """``use_handler(kind, fn)``: ``fn`` runs ``kind``'s jobs for this test."""
    saved = dict(handlers._handlers)

    def use(kind: JobKind, handler: Handler) -> None:
        handlers.register_handler(kind, handler)

    yield use
    handlers._handlers.clear()
    handlers._handlers.update(saved)


def commit_job(app: Flask, kind: JobKind, payload: dict[str, Any], key: str, **kwargs: Any
               ) -> int:
    from factcheck.services.core.actors import SystemActor
    from factcheck.services.jobs import enqueue

    with app.app_context():
        job = enqueue(db.session, SystemActor(label="test"), kind, payload, key, **kwargs)
        db.session.commit()
        return job.id


class Finished:
    """Collects outcomes reported by the worker; ``wait`` returns once
    ``count`` jobs have succeeded."""

    def __init__(self, app: Flask) -> None:
        self.succeeded: list[int] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        queue_of(app).on_outcome = self.report

    def report(self, job_id: int, outcome: Outcome) -> None:
        with self._changed:
            if outcome is Outcome.SUCCEEDED:
                self.succeeded.append(job_id)
            self._changed.notify_all()

    def wait(self, count: int) -> list[int]:
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.succeeded) >= count, WAIT_SECONDS), \
                self.succeeded
            return sorted(self.succeeded)
