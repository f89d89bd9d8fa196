"""The job queue keeps the dashboard's periodic figures fresh: a sweeper
enqueues one recount per half-bound period once the stored figures are
that old, and the recount job stores them with when they were counted."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from factcheck.config import settings_of
from factcheck.domain.jobs import JobKind
from factcheck.models.job import Job
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.shared_cache import DatabaseCache
from factcheck.services.dashboard import periodic
from factcheck.services.dashboard.refresh import refresh_due
from factcheck.services.jobs.handlers import JobContext, handler_for
from tests.support.clock import ManualClock
from tests.support.workflow import reviewing_people, story_claims

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _refresh_jobs(session) -> list[Job]:
    return list(session.scalars(sa.select(Job).where(Job.kind == JobKind.FIGURES_REFRESH)
                                .order_by(Job.id)))


def test_a_sweep_enqueues_one_recount_per_period_and_the_job_stores_the_figures(
        app, session, make_user, tmp_path: Path):
    people = reviewing_people(make_user)
    story_claims(session, people["editor"])
    session.commit()
    settings = dataclasses.replace(settings_of(app.config), figures_max_age=300.0,
                                   redis_url=None)
    clock = ManualClock(T0.timestamp())
    cache = DatabaseCache(session.connection(), clock)

    # Nothing stored yet: a recount is due, and a second sweeper in the
    # same period finds the same job.
    assert refresh_due(session, cache, settings, T0)
    assert refresh_due(session, cache, settings, T0 + timedelta(seconds=30))
    session.commit()
    (job,) = _refresh_jobs(session)

    context = JobContext(session=session, actor=SystemActor(label="test"), job_id=job.id,
                         attempt=1, payload=json.loads(job.payload), settings=settings,
                         files=tmp_path, now=T0)
    result = handler_for(JobKind.FIGURES_REFRESH)(context)
    session.commit()
    assert result == {"counted_at": T0.isoformat()}
    stored = periodic.from_json(cache.get(periodic.CACHE_KEY))
    assert stored is not None and stored.computed_at == T0
    assert stored.already_checked.incoming >= 3

    # Fresh figures: nothing to do until half the bound has passed.
    assert not refresh_due(session, cache, settings, T0 + timedelta(seconds=149))
    clock.now += 151
    assert refresh_due(session, cache, settings, T0 + timedelta(seconds=151))
    session.commit()
    assert len(_refresh_jobs(session)) == 2
