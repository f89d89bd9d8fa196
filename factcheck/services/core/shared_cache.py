"""One cache for every app process: Redis when configured, else a table in
the database. Whatever one worker stores, every other worker reads, so two
workers never show different figures.

Values are text (JSON or rendered HTML, never pickles: a cache is no
place for code to come back from). ``add`` stores only when no live value
is there, and says whether it did: the lock that lets one worker, not all,
refresh a value that went stale.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from factcheck.database import writing
from factcheck.models.figures import SharedCacheEntry

# Unix seconds (time.time); tests pass a clock they move by hand.
Clock = Callable[[], float]


class SharedCache(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, seconds: float) -> None: ...

    def add(self, key: str, value: str, seconds: float) -> bool: ...

    def delete(self, key: str) -> None: ...


class DatabaseCache:
    """Rows of ``shared_cache``, each read and written in a short
    transaction of its own: never part of the request's transaction, so a
    page that only reads stays a reader, and a rollback there loses
    nothing here."""

    def __init__(self, bind: Engine | Connection, clock: Clock = time.time) -> None:
        # The session's bind: an Engine in production, and each read or
        # write a transaction of its own; under test the connection the
        # test's rolled-back transaction runs on, each write a savepoint.
        self.bind = bind
        self.clock = clock

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        if isinstance(self.bind, Connection):
            yield self.bind
            return
        with self.bind.connect() as connection:
            yield connection

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        if isinstance(self.bind, Connection):
            with writing(), self.bind.begin_nested():
                yield self.bind
            return
        with writing(), self.bind.begin() as connection:
            yield connection

    def get(self, key: str) -> str | None:
        with self._reading() as connection:
            return connection.scalar(
                sa.select(SharedCacheEntry.value)
                .where(SharedCacheEntry.key == key, SharedCacheEntry.expires_at > self.clock()))

    def _upsert(self, key: str, value: str, seconds: float, *, only_if_expired: bool) -> bool:
        now = self.clock()
        insert: Any = (postgresql.insert if self.bind.dialect.name == "postgresql"
                       else sqlite.insert)
        table = SharedCacheEntry.__table__
        statement = insert(table).values(key=key, value=value, expires_at=now + seconds)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"value": statement.excluded.value, "expires_at": statement.excluded.expires_at},
            where=(table.c.expires_at <= now) if only_if_expired else None,
        ).returning(table.c.key)  # a row back: stored (rowcount is not reliable here)
        with self._writing() as connection:
            stored = connection.execute(statement).first() is not None
            if stored and not only_if_expired:
                # Sweep what expired long ago, so the table stays small.
                connection.execute(sa.delete(SharedCacheEntry)
                                   .where(SharedCacheEntry.expires_at < now - 3600))
            return stored

    def set(self, key: str, value: str, seconds: float) -> None:
        self._upsert(key, value, seconds, only_if_expired=False)

    def add(self, key: str, value: str, seconds: float) -> bool:
        return self._upsert(key, value, seconds, only_if_expired=True)

    def delete(self, key: str) -> None:
        with self._writing() as connection:
            connection.execute(sa.delete(SharedCacheEntry).where(SharedCacheEntry.key == key))


class RedisCache:
    """Keys under one prefix, each expiring on its own (PX)."""

    def __init__(self, client: Any, prefix: str = "factcheck:cache:") -> None:
        self.client = client
        self.prefix = prefix

    def get(self, key: str) -> str | None:
        value = self.client.get(self.prefix + key)
        return value.decode() if isinstance(value, bytes) else value

    def set(self, key: str, value: str, seconds: float) -> None:
        self.client.set(self.prefix + key, value, px=max(1, int(seconds * 1000)))

    def add(self, key: str, value: str, seconds: float) -> bool:
        return bool(self.client.set(self.prefix + key, value, px=max(1, int(seconds * 1000)),
                                    nx=True))

    def delete(self, key: str) -> None:
        self.client.delete(self.prefix + key)


def open_cache(redis_url: str | None, bind: Engine | Connection,
               clock: Clock = time.time) -> SharedCache:
    """The cache the settings choose, for tools outside the web app (the
    app keeps one Redis client for everything, see web/shared_cache.py)."""
    if redis_url:
        import redis

        return RedisCache(redis.Redis.from_url(redis_url))
    return DatabaseCache(bind, clock)
