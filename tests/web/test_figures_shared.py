"""Two app processes ("workers") on one database, as editors see them:
the counts move the moment a change commits, on every worker; what is
still cached (the dashboard's periodic figures, filtered dashboards) is
one copy that both workers serve, recounted once it passes its bound.

On both cache backends: the database table, and Redis when it answers.
The figures' clock is the test's (FIGURES_CLOCK); Redis expires keys by
its own clock, so expiry by time is checked on the database backend."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from factcheck import create_app
from factcheck.demo.synthetic import load_synthetic
from factcheck.extensions import db
from factcheck.models.claim import Claim
from tests.conftest import TEST_PASSWORD
from tests.support.clock import ManualClock
from tests.support.config import make_test_config
from tests.support.databases import temporary_database
from tests.support.factories import SYSTEM, make_user
from tests.support.querycount import count_statements
from tests.support.redis_server import REDIS_URL, redis_or_skip
from tests.support.web import CsrfClient

TOTAL = re.compile(r"All (\d+) claims behind these figures")
COUNTED_AT = re.compile(r"were counted at ([0-9: -]+) UTC")
WAITING = re.compile(r'All waiting</th><td class="num">(?:<a [^>]*>)?(\d+)')
MAX_AGE = 300.0
FILTER_SECONDS = 30.0


class Desk:
    def __init__(self, apps: list[Flask], clock: ManualClock) -> None:
        self.apps = apps
        self.clock = clock
        self.clients: list[Any] = []
        for app in apps:
            client = app.test_client()
            client.post("/login", data={"email": "desk@example.org", "password": TEST_PASSWORD})
            self.clients.append(client)

    def add_claims(self, claims: int, seed: int) -> int:
        """An archive's worth more claims; how many claims there are now."""
        with self.apps[0].app_context():
            load_synthetic(db.session, SYSTEM, claims, seed=seed)
            db.session.commit()
            return db.session.scalar(sa.select(sa.func.count(Claim.id))
                                     .where(Claim.status != "not_a_claim")) or 0

    def page(self, worker: int, url: str = "/dashboard") -> str:
        response = self.clients[worker].get(url)
        assert response.status_code == 200
        return str(response.get_data(as_text=True))


def _found(pattern: re.Pattern[str], html: str) -> str:
    match = pattern.search(html)
    assert match is not None, pattern.pattern
    return match.group(1)


@pytest.fixture(params=["database", "redis"])
def desk(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Desk]:
    redis_url = None
    if request.param == "redis":
        client = redis_or_skip()
        for key in client.scan_iter("factcheck:cache:*"):
            client.delete(key)
        redis_url = REDIS_URL
    clock = ManualClock(1_800_000_000.0)
    with temporary_database(backend, tmp_path) as url:
        apps = []
        for worker in range(2):
            config = make_test_config(url, tmp_path / f"instance-{worker}")
            config.update(FIGURES_CLOCK=clock, FIGURES_MAX_AGE=MAX_AGE,
                          DASHBOARD_CACHE_SECONDS=FILTER_SECONDS, REDIS_URL=redis_url)
            app = create_app(config)
            app.test_client_class = CsrfClient
            apps.append(app)
        try:
            with apps[0].app_context():
                upgrade()
                make_user(db.session, email="desk@example.org", role="editor",
                          password=TEST_PASSWORD)
            yield Desk(apps, clock)
        finally:
            for app in apps:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
            if redis_url:
                for key in client.scan_iter("factcheck:cache:*"):
                    client.delete(key)


def test_counts_move_at_once_and_periodic_figures_are_one_copy(desk: Desk) -> None:
    first = desk.add_claims(40, seed=5)
    page = desk.page(0)
    assert int(_found(TOTAL, page)) == first
    counted_at = _found(COUNTED_AT, page)
    waiting_then = _found(WAITING, page)

    second = desk.add_claims(30, seed=6)
    assert second > first
    desk.clock.now += MAX_AGE - 1
    page = desk.page(1)  # the other worker, within the bound
    assert int(_found(TOTAL, page)) == second  # maintained: current at once
    assert _found(COUNTED_AT, page) == counted_at  # the first worker's count, shared
    assert _found(WAITING, page) == waiting_then

    desk.clock.now += 2  # past the bound: the next request recounts
    page = desk.page(1)
    recounted_at = _found(COUNTED_AT, page)
    assert recounted_at != counted_at
    assert int(_found(WAITING, page)) > int(waiting_then)
    assert _found(COUNTED_AT, desk.page(0)) == recounted_at  # and both show it


def test_filtered_dashboards_are_one_copy_and_home_is_current(desk: Desk) -> None:
    first = desk.add_claims(40, seed=5)
    filtered = "/dashboard?since=2000-01-01"
    shown = _found(TOTAL, desk.page(0, filtered))
    second = desk.add_claims(30, seed=6)
    assert second > first
    assert _found(TOTAL, desk.page(1, filtered)) == shown  # the shared copy
    home = desk.page(1, "/")
    with desk.apps[1].app_context():
        everything = db.session.scalar(sa.select(sa.func.count(Claim.id)))
    assert f'<span class="stat-value">{everything}</span><span class="stat-label">claims' in home


def test_a_filtered_dashboard_is_counted_again_after_its_seconds(desk: Desk,
                                                                 request: Any) -> None:
    if "redis" in request.node.callspec.id:
        pytest.skip("Redis expires keys by its own clock, not the test's")
    desk.add_claims(40, seed=5)
    filtered = "/dashboard?since=2000-01-01"
    shown = _found(TOTAL, desk.page(0, filtered))
    desk.add_claims(30, seed=6)
    desk.clock.now += FILTER_SECONDS - 1
    assert _found(TOTAL, desk.page(1, filtered)) == shown
    desk.clock.now += 2
    assert int(_found(TOTAL, desk.page(1, filtered))) > int(shown)


def test_figure_pages_send_the_same_statements_however_large_the_archive(desk: Desk) -> None:
    desk.add_claims(40, seed=5)
    pages = ["/dashboard", "/", "/sources"]
    for page in pages:
        desk.page(0, page)  # the periodic figures counted once
    with desk.apps[0].app_context():
        engine = db.engine
    small = {}
    for page in pages:
        with count_statements(engine) as log:
            desk.page(0, page)
        small[page] = log.count
    desk.add_claims(300, seed=6)
    for page in pages:
        with count_statements(engine) as log:
            desk.page(0, page)
        assert log.count == small[page], page
