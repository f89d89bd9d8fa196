"""The dashboard's periodic figures: kept in the shared cache as JSON that
reads back to the same figures, recounted once past their bound by one
worker while the others serve the previous count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.services.core.shared_cache import DatabaseCache
from factcheck.services.dashboard import periodic
from factcheck.services.review import reviews
from factcheck.services.review.reviews import ReviewInput
from tests.support.clock import ManualClock
from tests.support.workflow import acting, reviewing_people, story_claims

MAX_AGE = 300.0
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def desk(session, make_user):
    people = reviewing_people(make_user)
    claims = story_claims(session, people["editor"])
    for who, truth in (("one", T.TRUE), ("two", T.FALSE)):  # a disputed pair
        reviews.save_review(session, acting(session, people[who]), claims[0].id,
                            ReviewInput(truth, A.ACCURATE, "Checked."), submit=True,
                            expected_version=None, required=2)
    session.commit()
    clock = ManualClock(T0.timestamp())
    return session, DatabaseCache(session.connection(), clock), clock


def _names(session):
    from factcheck.services.claims.listing import reviewer_names
    from factcheck.services.core.actors import SystemActor

    return reviewer_names(session, SystemActor(label="test"))


def test_figures_read_back_from_the_cache_as_they_were_counted(desk):
    session, _, _ = desk
    counted = periodic.count(session, _names(session), T0)
    assert counted.reviewers.double_reviewed == 1 and counted.reviewers.disagreed == 1
    assert sum(n for _, n in counted.waiting_by_age) >= 3
    assert periodic.from_json(periodic.to_json(counted)) == counted


def test_a_cache_entry_this_version_cannot_read_is_recounted(desk):
    session, cache, _ = desk
    cache.set(periodic.CACHE_KEY, '{"computed_at": "2026-12-01T12:00:00+00:00"}', 600)
    shown = periodic.current(session, cache, _names(session), T0, MAX_AGE)
    assert shown.computed_at == T0
    assert periodic.from_json(cache.get(periodic.CACHE_KEY) or "") == shown


def test_past_the_bound_one_worker_recounts_while_others_serve_the_last_count(desk):
    session, cache, clock = desk
    names = _names(session)
    first = periodic.current(session, cache, names, T0, MAX_AGE)
    later = T0 + timedelta(seconds=MAX_AGE - 1)
    clock.now = later.timestamp()
    assert periodic.current(session, cache, names, later, MAX_AGE).computed_at == T0

    past = T0 + timedelta(seconds=MAX_AGE + 1)
    clock.now = past.timestamp()
    assert cache.add(periodic.LOCK_KEY, "another worker", periodic.LOCK_SECONDS)
    assert periodic.current(session, cache, names, past, MAX_AGE) == first  # served stale
    cache.delete(periodic.LOCK_KEY)  # that worker finished without storing
    assert periodic.current(session, cache, names, past, MAX_AGE).computed_at == past
    assert cache.get(periodic.LOCK_KEY) is None  # the lock it took is given back

    # Never older than twice the bound: the entry is gone by then.
    beyond = past + timedelta(seconds=2 * MAX_AGE)
    clock.now = beyond.timestamp()
    assert cache.get(periodic.CACHE_KEY) is None


def test_a_cold_start_counted_elsewhere_is_not_counted_again(desk, monkeypatch):
    """Nothing stored yet and another request counting: this one says the
    figures are being counted (and since when) instead of counting too,
    which at a million claims held each request for seconds."""
    session, cache, _ = desk
    began = T0 - timedelta(seconds=4)
    assert cache.add(periodic.LOCK_KEY, began.isoformat(), periodic.LOCK_SECONDS)

    def no_second_count(*args, **kwargs):
        raise AssertionError("counted while another request was counting")

    monkeypatch.setattr(periodic, "count", no_second_count)
    assert periodic.current(session, cache, _names(session), T0, MAX_AGE) \
        == periodic.BeingCounted(began)
    cache.set(periodic.LOCK_KEY, "not a time", periodic.LOCK_SECONDS)
    assert periodic.current(session, cache, _names(session), T0, MAX_AGE) \
        == periodic.BeingCounted(None)
