"""Figures that cost a scan of the whole archive (the dashboard, the source
registry's counts) are the same for every editor; each app keeps them for a
few seconds instead of recounting on every request."""

from __future__ import annotations

from flask import current_app

from factcheck.services.dashboard_sql import TtlCache

CACHE_KEY = "factcheck.figures_cache"


def figures_cache() -> TtlCache:
    """One cache per app. Figures may be this many seconds old (the pages
    say when they were computed); tests default to none, so what a test
    writes is what the next request shows."""
    cache = current_app.extensions.get(CACHE_KEY)
    if cache is None:
        seconds = current_app.config.get("DASHBOARD_CACHE_SECONDS",
                                         0 if current_app.testing else 30)
        cache = current_app.extensions[CACHE_KEY] = TtlCache(float(seconds))
    return cache
