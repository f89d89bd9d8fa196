"""Throttling attempts (sign-in, password change) atomically.

Each attempt *reserves* a hit on every counter that applies before the
password is checked, and is refused when any counter is past its limit: a
read-then-write count let 60 simultaneous wrong passwords all be checked
against a limit of 5. A successful attempt gives its hit back, so only
failures count. Counters live in Redis (INCR) when one is configured, so
every process shares them, else in a database row (an atomic upsert).

Keys combine the account and the address: a stranger guessing from their
own address locks out only that pair, not the owner at their desk. The
account alone has a higher ceiling (a spread-out attack still stops), and
the pair's limits widen with each window (a minute, an hour, a day), so
the wait grows the longer someone keeps guessing."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from factcheck.models.throttle import ThrottleCounter
from factcheck.services.core.session import DbSession

# Serializes reservations on PostgreSQL (any constant, the same everywhere).
THROTTLE_LOCK_ID = 4_281_102


@dataclass(frozen=True)
class Limit:
    amount: int
    seconds: int


def parse_limits(text: str) -> list[Limit]:
    """"5 per minute; 20 per hour" (the notation of the login settings)."""
    from limits import parse_many

    return [Limit(int(item.amount), int(item.get_expiry())) for item in parse_many(text)]


@dataclass(frozen=True)
class Rule:
    """Counters named ``scope`` for ``identity``, one per limit."""

    scope: str
    identity: str
    limits: Sequence[Limit]


@dataclass(frozen=True)
class Hit:
    key: str
    expires_at: int


@dataclass
class Attempt:
    allowed: bool
    retry_after: int = 0
    hits: list[Hit] = field(default_factory=list)


class Counters(Protocol):
    def hit_all(self, hits: Sequence[Hit], now: int) -> list[int]:
        """Add one to every counter at once (no other attempt's hits land
        between them) and return their new values."""
        ...

    def give_back(self, key: str) -> None: ...


class DatabaseCounters:
    """Rows in ``throttle_counters``, changed in the caller's transaction:
    the caller commits the reservation before checking the password, so
    parallel attempts see it."""

    def __init__(self, session: DbSession) -> None:
        self.session = session

    def hit_all(self, hits: Sequence[Hit], now: int) -> list[int]:
        if self.session.get_bind().dialect.name == "postgresql":
            # One attempt's counters together, as SQLite's write lock does:
            # else two attempts interleave and both may be refused wrongly.
            self.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                 {"key": THROTTLE_LOCK_ID})
        return [self._hit(hit.key, hit.expires_at, now) for hit in hits]

    def _hit(self, key: str, expires_at: int, now: int) -> int:
        dialect = self.session.get_bind().dialect.name
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = ThrottleCounter.__table__
        statement = (insert(table).values(key=key, hits=1, expires_at=expires_at)
                     .on_conflict_do_update(index_elements=[table.c.key],
                                            set_={"hits": table.c.hits + 1})
                     .returning(table.c.hits))
        hits = int(self.session.execute(statement).scalar_one())
        if hits == 1:
            # A new window began: sweep the windows that ended.
            self.session.execute(sa.delete(ThrottleCounter)
                                 .where(ThrottleCounter.expires_at < now))
        return hits

    def give_back(self, key: str) -> None:
        self.session.execute(
            sa.update(ThrottleCounter)
            .where(ThrottleCounter.key == key, ThrottleCounter.hits > 0)
            .values(hits=ThrottleCounter.hits - 1))


class RedisCounters:
    """INCR on a key that expires with its window: atomic across processes."""

    def __init__(self, client: Any, prefix: str = "factcheck:throttle:") -> None:
        self.client = client
        self.prefix = prefix

    def hit_all(self, hits: Sequence[Hit], now: int) -> list[int]:
        # MULTI/EXEC: the increments of one attempt run as one.
        pipe = self.client.pipeline(transaction=True)
        for hit in hits:
            pipe.incr(self.prefix + hit.key)
            pipe.expireat(self.prefix + hit.key, hit.expires_at)
        results = pipe.execute()
        return [int(value) for value in results[::2]]

    def give_back(self, key: str) -> None:
        self.client.decr(self.prefix + key)


def reserve(counters: Counters, rules: Sequence[Rule], now: float) -> Attempt:
    """Take one hit on every counter first; refuse when any is past its
    limit, saying how long until the longest refusing window ends."""
    second = int(now)
    attempt = Attempt(allowed=True)
    limits = []
    for rule in rules:
        for limit in rule.limits:
            window = second // limit.seconds
            key = f"{rule.scope}:{rule.identity}:{limit.seconds}:{window}"[:400]
            attempt.hits.append(Hit(key, (window + 1) * limit.seconds))
            limits.append(limit)
    for hit, limit, count in zip(attempt.hits, limits, counters.hit_all(attempt.hits, second),
                                 strict=True):
        if count > limit.amount:
            attempt.allowed = False
            attempt.retry_after = max(attempt.retry_after, hit.expires_at - second)
    return attempt


def give_back(counters: Counters, attempt: Attempt) -> None:
    """An attempt that succeeded does not count against anyone."""
    for hit in attempt.hits:
        counters.give_back(hit.key)


def wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    if seconds < 5400:
        return f"{math.ceil(seconds / 60)} minutes"
    return f"{math.ceil(seconds / 3600)} hours"
