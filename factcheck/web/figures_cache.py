"""Figures that cost a scan of the whole archive (the dashboard, the source
registry's counts) are the same for every editor; each app process keeps
them for a few seconds instead of recounting on every request, and recounts
in the background so that nobody waits for a recount once the first one is
done."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import copy_current_request_context, current_app

from factcheck.domain.ttl_cache import TtlCache

CACHE_KEY = "factcheck.figures_cache"
SLOT_KEY = "factcheck.figures_recount_slot"
log = logging.getLogger(__name__)


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
        cache = current_app.extensions.setdefault(CACHE_KEY, TtlCache(float(seconds)))
    return cache


def in_background(job: Callable[[], object]) -> threading.Thread:
    """Run a recount in a thread of its own, inside a copy of this request's
    context (its user, its URL for building links) and with a database
    session of its own, released when the thread's context ends.

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

    thread = threading.Thread(target=run_and_release, name="figures-refresh", daemon=True)
    try:
        thread.start()
    except BaseException:
        slot.release()
        raise
    return thread
