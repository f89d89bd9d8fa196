"""The queue on the real Redis (127.0.0.1:6379): jobs enqueued in one
process's transactions reach workers through Redis and run once each, and a
message Redis lost is handed over again by the sweeper.

Skipped, saying why, when no Redis answers there, unless
FACTCHECK_REQUIRE_REDIS=1 (CI), which makes that a failure."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from factcheck import create_app
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.domain.sources import SourceKind
from factcheck.extensions import db
from factcheck.models.job import Job
from factcheck.models.source import Source
from factcheck.worker.consumer import embedded_worker
from factcheck.worker.queue import install
from tests.support.config import make_test_config
from tests.support.databases import temporary_database
from tests.worker.conftest import Finished, commit_job

REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

KIND = JobKind.REEXTRACT


def _require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("FACTCHECK_REQUIRE_REDIS") == "1":
            pytest.fail(f"FACTCHECK_REQUIRE_REDIS=1 but Redis at {REDIS_URL} is unreachable: "
                        f"{error}")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({error}); CI sets "
                    "FACTCHECK_REQUIRE_REDIS=1 to make this a failure")


@pytest.fixture
def redis_app(backend: str, tmp_path) -> Iterator[Flask]:
    _require_redis()
    with temporary_database(backend, tmp_path) as url:
        config = make_test_config(url, tmp_path / "instance")
        config.update(JOBS_URL=REDIS_URL, JOBS_LEASE_SECONDS=0.5, JOBS_SWEEP_SECONDS=0.1)
        app = create_app(config)
        with app.app_context():
            upgrade()
        # A queue of this test's own on the shared Redis.
        queue = install(app, name=f"factcheck-test-{uuid.uuid4().hex}")
        yield app
        queue.huey.flush()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _effect(context) -> dict[str, int]:
    name = f"Redis effect {context.job_id}"
    context.session.add(Source(name=name, name_key=name.lower(), kind=SourceKind.PERSON))
    return {"attempt": context.attempt}


def _effects(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Source.name).where(
            Source.name.startswith("Redis effect")).order_by(Source.id)))


def test_jobs_travel_through_redis_and_run_once_each(redis_app, use_handler):
    from factcheck.worker.queue import queue_of

    use_handler(KIND, _effect)
    finished = Finished(redis_app)
    ids = [commit_job(redis_app, KIND, {}, f"redis {n}") for n in range(20)]
    assert queue_of(redis_app).huey.pending_count() == 20  # handed over at commit
    with embedded_worker(redis_app, workers=4):
        assert finished.wait(20) == ids
    # Each effect once (in whatever order the four threads committed them).
    assert sorted(_effects(redis_app)) == sorted(f"Redis effect {job_id}" for job_id in ids)
    with redis_app.app_context():
        statuses = set(db.session.scalars(sa.select(Job.status)))
    assert statuses == {JobStatus.SUCCEEDED}


def test_a_message_redis_lost_is_handed_over_again(redis_app, use_handler):
    from factcheck.worker.queue import queue_of

    use_handler(KIND, _effect)
    finished = Finished(redis_app)
    job_id = commit_job(redis_app, KIND, {}, "lost in redis")
    queue_of(redis_app).huey.flush()  # Redis restarted without its data
    assert queue_of(redis_app).huey.pending_count() == 0
    with embedded_worker(redis_app, workers=1):
        assert finished.wait(1) == [job_id]
    assert _effects(redis_app) == [f"Redis effect {job_id}"]
