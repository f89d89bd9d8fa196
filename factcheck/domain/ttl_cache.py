"""A small cache of figures that are expensive to count and may be a few
seconds old: the dashboard, the source registry's counts.

A value is fresh for ``seconds``. After that it is still served for
``stale_for`` more seconds while one refresh runs, so that a recount costs
one request (or a background job) instead of every request that arrives
during it. Bounded in size; thread-safe; the clock can be replaced in tests.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# Runs a job (possibly in another thread). The web layer passes one that
# carries the request's context into a thread.
Runner = Callable[[Callable[[], object]], object]
# Seconds from an arbitrary start, never going back (time.monotonic).
Clock = Callable[[], float]
# "Nothing usable cached" (a cached value may itself be None).
_NONE = object()


class TtlCache:
    def __init__(self, seconds: float, size: int = 64, stale_for: float | None = None,
                 clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.size = size
        # By default a value may be served up to one period past its expiry.
        self.stale_for = seconds if stale_for is None else stale_for
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._refreshing: set[Hashable] = set()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T],
                       refresh_with: Runner | None = None) -> T:
        """The cached value, or ``compute()``'s. With ``refresh_with``, a
        stale value is returned at once and the refresh handed to it."""
        if self.seconds <= 0:
            return compute()
        with self._lock:
            hit = self._entries.get(key)
            if hit is None:
                stale: Any = _NONE
            else:
                age = self._clock() - hit[0]
                if age < self.seconds:
                    self._entries.move_to_end(key)
                    return hit[1]
                stale = hit[1] if age < self.seconds + self.stale_for else _NONE
            if stale is not _NONE:
                if key in self._refreshing:
                    return stale  # someone is already recounting
                self._refreshing.add(key)
        if stale is _NONE:
            value = compute()
            self._store(key, value)
            return value
        if refresh_with is None:
            return self._refresh(key, compute)
        try:
            refresh_with(lambda: self._refresh(key, compute))
        except Exception:
            # The runner could not take the job (busy, or no thread to be
            # had): the stale value still serves; a later request tries again.
            with self._lock:
                self._refreshing.discard(key)
        return stale

    def _refresh(self, key: Hashable, compute: Callable[[], T]) -> T:
        try:
            value = compute()
            self._store(key, value)
            return value
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _store(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = (self._clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
