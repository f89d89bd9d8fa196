"""The shared cache, on both backends: what one worker stores, another
reads; expired values are never served; of two workers asking to refresh
the same value, one gets to."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from factcheck.services.core.shared_cache import DatabaseCache, RedisCache, SharedCache
from tests.support.clock import ManualClock
from tests.support.redis_server import redis_or_skip

# Two caches standing for two worker processes, and the clock that expires
# their values (Redis expires by its own clock: see the TTL test).
Workers = tuple[SharedCache, SharedCache, ManualClock | None]


@pytest.fixture(params=["database", "redis"])
def workers(request: pytest.FixtureRequest, session: Any) -> Iterator[Workers]:
    if request.param == "database":
        clock = ManualClock(1_800_000_000.0)
        connection = session.connection()
        yield DatabaseCache(connection, clock), DatabaseCache(connection, clock), clock
        return
    prefix = f"factcheck-test:{uuid.uuid4().hex}:"
    first, second = redis_or_skip(), redis_or_skip()
    try:
        yield RedisCache(first, prefix), RedisCache(second, prefix), None
    finally:
        for key in first.scan_iter(prefix + "*"):
            first.delete(key)


def test_what_one_worker_stores_the_other_reads(workers: Workers) -> None:
    one, two, _ = workers
    assert two.get("figures") is None
    one.set("figures", "<p>12 claims</p>", 30)
    assert two.get("figures") == "<p>12 claims</p>"
    two.set("figures", "<p>13 claims</p>", 30)
    assert one.get("figures") == "<p>13 claims</p>"
    one.delete("figures")
    assert two.get("figures") is None


def test_only_one_worker_takes_the_refresh(workers: Workers) -> None:
    one, two, _ = workers
    assert one.add("refreshing", "one", 60) is True
    assert two.add("refreshing", "two", 60) is False
    assert two.get("refreshing") == "one"
    one.delete("refreshing")
    assert two.add("refreshing", "two", 60) is True


def test_expired_values_are_not_served_and_can_be_taken_again(session: Any) -> None:
    clock = ManualClock(1_800_000_000.0)
    one, two = (DatabaseCache(session.connection(), clock) for _ in range(2))
    one.set("figures", "old", 30)
    assert one.add("lock", "one", 60)
    clock.now += 29.9
    assert two.get("figures") == "old"
    assert not two.add("lock", "two", 60)
    clock.now += 0.2
    assert two.get("figures") is None
    clock.now += 30
    assert two.add("lock", "two", 60)  # the first holder's lock ran out
    assert one.get("lock") == "two"


def test_redis_values_carry_their_expiry() -> None:
    client = redis_or_skip()
    prefix = f"factcheck-test:{uuid.uuid4().hex}:"
    cache = RedisCache(client, prefix)
    try:
        cache.set("figures", "x", 30)
        cache.add("lock", "x", 120)
        assert 29_000 < client.pttl(prefix + "figures") <= 30_000
        assert 119_000 < client.pttl(prefix + "lock") <= 120_000
    finally:
        client.delete(prefix + "figures", prefix + "lock")
