"""Keeping the dashboard's periodic figures fresh from the job queue, so no
page request has to recount them.

Every worker's sweeper asks ``refresh_due`` on each pass; when the figures
in the shared cache are older than half their bound (or missing), it
enqueues one refresh job, keyed by the half-bound period it falls in, so
that sweepers on several machines enqueue it once. The job recounts the
figures and stores them with the time they were counted, which the page
shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from factcheck.config import Settings
from factcheck.domain.jobs import JobKind
from factcheck.services.claims.listing import reviewer_names
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.session import DbSession
from factcheck.services.core.shared_cache import SharedCache, open_cache
from factcheck.services.dashboard import periodic
from factcheck.services.jobs import enqueue, register_handler
from factcheck.services.jobs.handlers import JobContext
from factcheck.services.matching.search import thresholds_of

ACTOR = SystemActor(label="figures")


def refresh_due(session: DbSession, cache: SharedCache, settings: Settings,
                now: datetime) -> bool:
    """Enqueue a recount when the stored figures are past half their bound;
    True when one was enqueued (or already was, for this period)."""
    period = max(settings.figures_max_age / 2, 1.0)
    stored = cache.get(periodic.CACHE_KEY)
    figures = periodic.from_json(stored) if stored else None
    if figures is not None and figures.age_seconds(now) < period \
            and figures.already_checked.likely_same == thresholds_of(settings).likely_same:
        return False
    enqueue(session, ACTOR, JobKind.FIGURES_REFRESH, {},
            f"figures-refresh:{int(now.timestamp() // period)}", max_attempts=1)
    return True


def refresh_figures(context: JobContext) -> dict[str, Any]:
    settings = context.settings
    figures = periodic.count(context.session, reviewer_names(context.session, ACTOR),
                             context.now, likely_same=thresholds_of(settings).likely_same)
    # Without Redis the figures go into the cache table through the job's own
    # connection: they commit with the job (a second connection would wait
    # for the job's write lock on SQLite).
    periodic.store(open_cache(settings.redis_url, context.session.connection()), figures,
                   settings.figures_max_age)
    return {"counted_at": figures.computed_at.isoformat()}


register_handler(JobKind.FIGURES_REFRESH, refresh_figures)
