"""An app on a database of its own with real commits (workers commit), and
a way to put a handler of the test's in place for one kind of job."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade

from factcheck.domain.jobs import JobKind
from factcheck.extensions import db
from factcheck.services.jobs import handlers
from factcheck.services.jobs.handlers import Handler


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
