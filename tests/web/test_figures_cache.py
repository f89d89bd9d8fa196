"""Cached figures, as an editor sees them: the dashboard answers at once
with figures at most a refresh old, recounts in the background, and shows
the new figures soon after, without anyone waiting for the recount."""

from __future__ import annotations

import re
import time
from pathlib import Path

from flask_migrate import upgrade

from factcheck import create_app
from factcheck.demo.synthetic import load_synthetic
from factcheck.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.support.config import make_test_config
from tests.support.databases import temporary_database
from tests.support.factories import SYSTEM, make_user
from tests.support.web import CsrfClient

TOTAL = re.compile(r'All (\d+) claims behind these figures')
SECONDS = 4.0  # generous: a loaded CI machine must not turn "fresh" into "stale"


def _total(client) -> int:
    response = client.get("/dashboard")
    assert response.status_code == 200
    found = TOTAL.search(response.get_data(as_text=True))
    assert found is not None
    return int(found.group(1))


def _add_claims(app, claims: int, seed: int) -> None:
    with app.app_context():
        load_synthetic(db.session, SYSTEM, claims, seed=seed)
        db.session.commit()


def test_stale_figures_are_served_while_they_are_recounted(backend: str, tmp_path: Path):
    with temporary_database(backend, tmp_path) as url:
        config = make_test_config(url, tmp_path / "instance")
        config["DASHBOARD_CACHE_SECONDS"] = SECONDS
        app = create_app(config)
        app.test_client_class = CsrfClient
        try:
            with app.app_context():
                upgrade()
                make_user(db.session, email="desk@example.org", role="editor",
                          password=TEST_PASSWORD)
            _add_claims(app, 40, seed=5)
            client = app.test_client()
            client.post("/login", data={"email": "desk@example.org", "password": TEST_PASSWORD})
            first = _total(client)

            _add_claims(app, 30, seed=6)
            assert _total(client) == first  # fresh for SECONDS: not recounted
            time.sleep(SECONDS + 0.3)
            assert _total(client) == first  # stale, served at once; a recount starts

            # Before the stale window closes (when a request would recount
            # by itself), the background recount has landed.
            deadline = time.monotonic() + SECONDS * 0.75
            latest = first
            while latest == first and time.monotonic() < deadline:
                time.sleep(0.1)
                latest = _total(client)
            assert latest > first
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def test_one_recount_at_a_time_per_process(app):
    import threading

    import pytest

    from factcheck.web.figures_cache import RecountBusy, in_background

    started, release = threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        release.wait(5)

    with app.test_request_context("/dashboard"):
        first = in_background(slow)
        assert started.wait(5)
        with pytest.raises(RecountBusy):
            in_background(lambda: None)
        release.set()
        first.join(5)
        done = threading.Event()
        in_background(done.set).join(5)
        assert done.is_set()
