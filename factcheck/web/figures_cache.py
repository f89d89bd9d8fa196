"""Figures that cost a scan of the whole archive (the dashboard, the source
registry's counts) are the same for every editor; each app process keeps
them for a few seconds instead of recounting on every request, and recounts
in the background so that nobody waits for a recount once the first one is
done."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import Flask, copy_current_request_context, current_app

from factcheck.domain.ttl_cache import Clock, TtlCache

CACHE_KEY = "factcheck.figures_cache"
SLOT_KEY = "factcheck.figures_recount_slot"
CLOCK_KEY = "factcheck.figures_clock"
STARTER_KEY = "factcheck.figures_starter"
log = logging.getLogger(__name__)

# Starts a recount, already wrapped in its request's context, and returns
# at once. Production starts a thread; tests pass one that queues the job
# and run it when they choose, so they need neither threads nor sleeps.
Starter = Callable[[Callable[[], None]], object]


def start_thread(job: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=job, name="figures-refresh", daemon=True)
    thread.start()
    return thread


def use_figures_clock_and_starter(app: Flask, clock: Clock | None = None,
                                  starter: Starter | None = None) -> None:
    """Replace the cache's clock and the way recounts start, for this app
    (tests and benchmarks); forgets what is cached."""
    app.extensions.pop(CACHE_KEY, None)
    if clock is not None:
        app.extensions[CLOCK_KEY] = clock
    if starter is not None:
        app.extensions[STARTER_KEY] = starter


class RecountBusy(RuntimeError):
    """A recount is already running in this process; serve what is cached."""


def figures_cache() -> TtlCache:
    """One cache per app. Figures may be this many seconds old (the pages
    say when they were computed); tests default to none, so what a test
    writes is what the next request shows."""
    cache = current_app.extensions.get(CACHE_KEY)
    if cache is None:
        seconds = current_app.config.get("DASHBOARD_CACHE_SECONDS",
                                         0 if current_app.testing else 30)
        clock = current_app.extensions.get(CLOCK_KEY, time.monotonic)
        cache = current_app.extensions.setdefault(CACHE_KEY, TtlCache(float(seconds), clock=clock))
    return cache


def in_background(job: Callable[[], object]) -> None:
    """Run a recount apart from this request (a thread of its own, unless a
    test chose otherwise), inside a copy of this request's context (its
    user, its URL for building links) and with a database session of its
    own, released when that context ends.

    One recount at a time per process: each holds a database connection
    for a scan of the archive, and a burst of stale keys (many dashboard
    filters) must not take the connections ordinary pages need. When one
    is running this raises RecountBusy and the caller keeps its stale value.
    """
    slot = current_app.extensions.setdefault(SLOT_KEY, threading.Semaphore(1))
    if not slot.acquire(blocking=False):
        raise RecountBusy("a recount is already running")

    @copy_current_request_context
    def run() -> None:
        try:
            job()
        except Exception:
            # The stale figures stay; the next request tries again.
            log.exception("recounting cached figures failed")

    def run_and_release() -> None:
        try:
            run()
        finally:
            slot.release()

    start: Starter = current_app.extensions.get(STARTER_KEY, start_thread)
    try:
        start(run_and_release)
    except BaseException:
        slot.release()
        raise
