"""SQL building blocks the dashboard's queries share: the few expressions
that differ between SQLite and PostgreSQL, and a small cache of results."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from factcheck.services.session import DbSession

T = TypeVar("T")


def dialect_of(session: DbSession) -> str:
    return session.get_bind().dialect.name


def day_of(dialect: str, column: Any) -> Any:
    """The UTC calendar day of a timestamp, grouped on in SQL so only one
    row per day comes back."""
    if dialect == "postgresql":
        return sa.cast(sa.func.timezone("UTC", column), sa.Date)
    return sa.func.date(column)


def as_date(value: date | str) -> date:
    # SQLite's date() returns text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def days_between(dialect: str, start: Any, end: Any) -> Any:
    """Elapsed days (fractional) from start to end, computed in SQL so no
    timestamps need converting in Python."""
    if dialect == "postgresql":
        return sa.func.extract("epoch", end - start) / 86400.0
    return sa.func.julianday(end) - sa.func.julianday(start)


class TtlCache:
    """Results kept for a few seconds, keyed by whatever identifies them
    (the dashboard's filters). Bounded in size; thread-safe."""

    def __init__(self, seconds: float, size: int = 64) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.seconds <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and now - hit[0] < self.seconds:
                self._entries.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
