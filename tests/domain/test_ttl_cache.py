"""The figures cache: fresh values served, stale ones served while exactly
one recount runs, nothing served past the stale window."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from factcheck.domain.ttl_cache import TtlCache
from tests.support.clock import ManualClock as Clock


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_a_fresh_value_is_not_recounted():
    clock, count = Clock(), Counter()
    cache = TtlCache(30, clock=clock)
    assert cache.get_or_compute("k", count) == 1
    clock.now += 29
    assert cache.get_or_compute("k", count) == 1
    assert count.calls == 1


def test_a_stale_value_is_served_while_one_background_recount_is_queued():
    clock, count = Clock(), Counter()
    cache = TtlCache(30, clock=clock)
    cache.get_or_compute("k", count)
    clock.now += 31
    queued: list[Callable[[], None]] = []
    assert cache.get_or_compute("k", count, refresh_with=queued.append) == 1
    # A second request during the recount gets the stale value too and
    # queues nothing more.
    assert cache.get_or_compute("k", count, refresh_with=queued.append) == 1
    assert len(queued) == 1 and count.calls == 1
    queued[0]()
    assert cache.get_or_compute("k", count, refresh_with=queued.append) == 2
    assert len(queued) == 1


def test_without_a_runner_the_request_that_finds_it_stale_recounts():
    clock, count = Clock(), Counter()
    cache = TtlCache(30, clock=clock)
    cache.get_or_compute("k", count)
    clock.now += 31
    assert cache.get_or_compute("k", count) == 2


def test_a_value_past_the_stale_window_is_never_served():
    clock, count = Clock(), Counter()
    cache = TtlCache(30, stale_for=10, clock=clock)
    cache.get_or_compute("k", count)
    clock.now += 41
    queued: list[Callable[[], None]] = []
    assert cache.get_or_compute("k", count, refresh_with=queued.append) == 2
    assert queued == []


def test_a_failed_recount_keeps_the_old_value_and_lets_the_next_request_retry():
    clock = Clock()
    cache = TtlCache(30, clock=clock)
    cache.get_or_compute("k", lambda: "old")
    clock.now += 31
    queued: list[Callable[[], None]] = []

    def broken() -> str:
        raise RuntimeError("database went away")

    assert cache.get_or_compute("k", broken, refresh_with=queued.append) == "old"
    with pytest.raises(RuntimeError):
        queued[0]()
    assert cache.get_or_compute("k", lambda: "new", refresh_with=queued.append) == "old"
    queued[1]()
    assert cache.get_or_compute("k", lambda: "newer") == "new"


def test_zero_seconds_means_no_caching():
    count = Counter()
    cache = TtlCache(0)
    assert [cache.get_or_compute("k", count) for _ in range(3)] == [1, 2, 3]


def test_the_oldest_keys_leave_first_when_full():
    count = Counter()
    cache = TtlCache(30, size=2)
    for key in ("a", "b", "c"):
        cache.get_or_compute(key, count)
    assert cache.get_or_compute("a", count) == 4  # evicted, recounted


def test_a_runner_that_cannot_take_the_job_leaves_the_stale_value_and_a_retry():
    clock, count = Clock(), Counter()
    cache = TtlCache(30, clock=clock)
    cache.get_or_compute("k", count)
    clock.now += 31

    def busy(_job: Callable[[], object]) -> None:
        raise RuntimeError("a recount is already running")

    assert cache.get_or_compute("k", count, refresh_with=busy) == 1
    queued: list[Callable[[], object]] = []
    assert cache.get_or_compute("k", count, refresh_with=queued.append) == 1
    assert len(queued) == 1  # the key was not left marked as refreshing
