"""The app's one shared cache (factcheck.services.core.shared_cache):
Redis when FACTCHECK_REDIS_URL is set, else the ``shared_cache`` table, so
every worker process reads what any of them stored."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import current_app

from factcheck.config import settings_of
from factcheck.extensions import db
from factcheck.services.core.shared_cache import Clock, DatabaseCache, RedisCache, SharedCache
from factcheck.web.attempt_limits import redis_client

# Config key: a replacement for time.time (tests move it by hand). The
# cache's expiry and the periodic figures' age both read it.
CLOCK_KEY = "FIGURES_CLOCK"


def clock() -> Clock:
    found: Clock = current_app.config.get(CLOCK_KEY, time.time)
    return found


def now() -> datetime:
    return datetime.fromtimestamp(clock()(), UTC)


def shared_cache() -> SharedCache:
    """Cheap to make: the Redis client (and its pool) is made once per app."""
    url = settings_of(current_app.config).redis_url
    if url:
        return RedisCache(redis_client(url))
    return DatabaseCache(db.session.get_bind(), clock())


def filtered_dashboard_seconds() -> float:
    """How long a filtered dashboard stays cached: 30 s unless configured;
    none under test, so what a test writes is what the next request shows."""
    seconds = current_app.config.get("DASHBOARD_CACHE_SECONDS")
    if seconds is None:
        seconds = 0 if current_app.testing else 30
    return float(seconds)


def figures_max_age() -> float:
    return float(settings_of(current_app.config).figures_max_age)
