"""The app's one shared cache (factcheck.services.core.shared_cache):
Redis when FACTCHECK_REDIS_URL is set, else the ``shared_cache`` table, so
every worker process reads what any of them stored."""

from __future__ import annotations

import time

from flask import Flask, current_app

from factcheck.config import settings_of
from factcheck.extensions import db
from factcheck.services.core.shared_cache import Clock, DatabaseCache, RedisCache, SharedCache
from factcheck.web.attempt_limits import redis_client

CLOCK_KEY = "factcheck.shared_cache_clock"


def use_cache_clock(app: Flask, clock: Clock) -> None:
    """Replace the cache's clock for this app (tests)."""
    app.extensions[CLOCK_KEY] = clock


def shared_cache() -> SharedCache:
    """Cheap to make: the Redis client (and its pool) is made once per app."""
    url = settings_of(current_app.config).redis_url
    if url:
        return RedisCache(redis_client(url))
    return DatabaseCache(db.session.get_bind(), current_app.extensions.get(CLOCK_KEY, time.time))


def filtered_dashboard_seconds() -> float:
    """How long a filtered dashboard stays cached: 30 s unless configured;
    none under test, so what a test writes is what the next request shows."""
    seconds = current_app.config.get("DASHBOARD_CACHE_SECONDS")
    if seconds is None:
        seconds = 0 if current_app.testing else 30
    return float(seconds)


def figures_max_age() -> float:
    return float(settings_of(current_app.config).figures_max_age)
