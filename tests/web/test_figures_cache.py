"""Cached figures, as an editor sees them: the dashboard answers at once
with figures at most a refresh old, recounts in the background, and shows
the new figures once the recount lands, without anyone waiting for it.

The cache's clock and the start of each recount are the test's: time moves
when the test says so, and a recount runs when the test runs it."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from factcheck import create_app
from factcheck.demo.synthetic import load_synthetic
from factcheck.extensions import db
from factcheck.models.claim import Claim
from factcheck.web.figures_cache import (
    CACHE_KEY,
    CLOCK_KEY,
    SLOT_KEY,
    STARTER_KEY,
    RecountBusy,
    in_background,
    start_thread,
    use_figures_clock_and_starter,
)
from tests.conftest import TEST_PASSWORD
from tests.support.clock import ManualClock
from tests.support.config import make_test_config
from tests.support.databases import temporary_database
from tests.support.factories import SYSTEM, make_user
from tests.support.web import CsrfClient

TOTAL = re.compile(r'All (\d+) claims behind these figures')
SECONDS = 30.0


class Recounts:
    """Recounts started and not yet run, in order."""

    def __init__(self) -> None:
        self.waiting: list[Callable[[], None]] = []

    def start(self, job: Callable[[], None]) -> None:
        self.waiting.append(job)

    def run_next(self) -> None:
        self.waiting.pop(0)()


@pytest.fixture
def desk(backend: str, tmp_path: Path) -> Iterator[tuple[Flask, ManualClock, Recounts]]:
    """An app on a database of its own (recounts commit and read in their
    own sessions), with the figures cached for SECONDS by the test's clock."""
    with temporary_database(backend, tmp_path) as url:
        config = make_test_config(url, tmp_path / "instance")
        config["DASHBOARD_CACHE_SECONDS"] = SECONDS
        app = create_app(config)
        app.test_client_class = CsrfClient
        clock, recounts = ManualClock(), Recounts()
        use_figures_clock_and_starter(app, clock=clock, starter=recounts.start)
        try:
            with app.app_context():
                upgrade()
                make_user(db.session, email="desk@example.org", role="editor",
                          password=TEST_PASSWORD)
            yield app, clock, recounts
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def recounts(app: Flask) -> Iterator[Recounts]:
    """Recounts queued on the shared test app, which is left as it was."""
    keys = (CACHE_KEY, CLOCK_KEY, SLOT_KEY, STARTER_KEY)
    saved = {key: app.extensions.pop(key) for key in keys if key in app.extensions}
    queued = Recounts()
    use_figures_clock_and_starter(app, starter=queued.start)
    yield queued
    for key in keys:
        app.extensions.pop(key, None)
    app.extensions.update(saved)


def _shown_total(client) -> int:
    response = client.get("/dashboard")
    assert response.status_code == 200
    found = TOTAL.search(response.get_data(as_text=True))
    assert found is not None
    return int(found.group(1))


def _add_claims(app: Flask, claims: int, seed: int) -> int:
    """Add an archive's worth of claims; the number of claims there now."""
    with app.app_context():
        load_synthetic(db.session, SYSTEM, claims, seed=seed)
        db.session.commit()
        return db.session.scalar(sa.select(sa.func.count(Claim.id))) or 0


def _first_look(app: Flask):
    """An editor's first look at the dashboard of 40-odd claims: counted in
    the request, as nothing is cached yet. The client and the total."""
    first = _add_claims(app, 40, seed=5)
    client = app.test_client()
    client.post("/login", data={"email": "desk@example.org", "password": TEST_PASSWORD})
    assert _shown_total(client) == first
    return client, first


def test_stale_figures_are_served_while_they_are_recounted(desk):
    app, clock, recounts = desk
    client, first = _first_look(app)
    assert recounts.waiting == []

    second = _add_claims(app, 30, seed=6)
    assert second > first
    clock.now += SECONDS - 0.001
    assert _shown_total(client) == first  # still fresh: not recounted
    assert recounts.waiting == []

    clock.now += 0.001
    assert _shown_total(client) == first  # stale: served at once, a recount starts
    assert len(recounts.waiting) == 1
    assert _shown_total(client) == first  # during the recount: no second one
    assert len(recounts.waiting) == 1

    recounts.run_next()
    assert _shown_total(client) == second  # the recount landed
    assert recounts.waiting == []


def test_figures_past_the_stale_window_are_recounted_by_the_request(desk):
    app, clock, recounts = desk
    client, first = _first_look(app)

    second = _add_claims(app, 30, seed=6)
    assert second > first
    clock.now += 2 * SECONDS  # fresh for SECONDS, then stale for as long again
    assert _shown_total(client) == second  # too old to show: counted in the request
    assert recounts.waiting == []


def test_one_recount_at_a_time_per_process(app, recounts):
    ran: list[str] = []
    with app.test_request_context("/dashboard"):
        in_background(lambda: ran.append("first"))
        with pytest.raises(RecountBusy):
            in_background(lambda: ran.append("second"))
        recounts.run_next()
        in_background(lambda: ran.append("third"))
        recounts.run_next()
    assert ran == ["first", "third"]


def test_a_failed_recount_frees_the_slot_for_the_next(app, recounts):
    def broken() -> None:
        raise RuntimeError("database went away")

    ran: list[str] = []
    with app.test_request_context("/dashboard"):
        in_background(broken)
        recounts.run_next()  # logged, not raised: the stale figures stay
        in_background(lambda: ran.append("retry"))
        recounts.run_next()
    assert ran == ["retry"]


def test_a_recount_that_cannot_start_frees_the_slot(app, recounts):
    def no_threads_left(_job: Callable[[], None]) -> None:
        raise RuntimeError("can't start new thread")

    use_figures_clock_and_starter(app, starter=no_threads_left)
    with app.test_request_context("/dashboard"), pytest.raises(RuntimeError):
        in_background(lambda: None)
    use_figures_clock_and_starter(app, starter=recounts.start)
    with app.test_request_context("/dashboard"):
        in_background(lambda: None)
    assert len(recounts.waiting) == 1
    recounts.run_next()


def test_production_recounts_in_a_thread_of_their_own():
    ran_in: list[str] = []
    thread = start_thread(lambda: ran_in.append(threading.current_thread().name))
    thread.join()
    assert ran_in == ["figures-refresh"]
    assert thread is not threading.current_thread()
