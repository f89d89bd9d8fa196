"""No request holds the others (issue 15, item 4). On SQLite a write
request used to take the write lock as it began (the user loader's read
opened BEGIN IMMEDIATE) and hold it through a page fetch or an extraction:
a slow page made every other sign-in and save fail with 503 after 10 s.

Real threads, a real database file (or PostgreSQL) with real commits, a
real slow HTTP server; events order the steps, nothing sleeps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck.extensions import db
from factcheck.models.article import Article
from factcheck.models.review import Review
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.intake import article_intake
from factcheck.services.intake.extraction_runner import ExtractionLimits, extract_limited
from tests.conftest import TEST_PASSWORD
from tests.support.config import change_settings
from tests.support.factories import make_user
from tests.support.workflow import story_claims

PAGE = (b"<html><head><title>Ferry fares frozen</title></head><body><article>"
        b"<p>Ferry fares will stay frozen until spring, the island council said on Monday.</p>"
        b"<p>The freeze costs about $40,000 a month, according to a council report.</p>"
        b"</article></body></html>")
# Invented, and slow for the extractor to chew on: a run of opened
# quotations near the article size limit. (Sentence splitting is linear
# since extract-input, so the run must be long, not just unbalanced; about
# two million characters takes many seconds.) It must fail alone, and quickly.
HOSTILE = 'Quote storm\n\n' + 'He said "' * 220_000


class SlowPage:
    """A page that answers only when the test lets it."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.release = threading.Event()
        page = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                page.requested.set()
                page.release.wait(60)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/story"

    def __enter__(self) -> SlowPage:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def desk(fresh_app) -> Iterator[dict[str, Any]]:
    change_settings(fresh_app.config, fetch_allow_private=True, fetch_read_timeout=60.0,
                    fetch_total_timeout=60.0)
    with fresh_app.app_context():
        upgrade()
        editor = make_user(db.session, email="editor@example.org", role="editor")
        make_user(db.session, email="reviewer@example.org", role="checker")
        claim_id = story_claims(db.session, editor)[0].id
        db.session.remove()  # this fixture holds no transaction while the test runs
    yield {"app": fresh_app, "claim_id": claim_id}


def _signed_in(app: Any, email: str) -> Any:
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _in_thread(work: Any) -> tuple[threading.Thread, list[Any]]:
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    return thread, result


def _sign_in_and_review(app: Any, claim_id: int) -> None:
    """The other client: signs in and saves a review, both at once."""
    reviewer = _signed_in(app, "reviewer@example.org")
    response = reviewer.post(f"/claims/{claim_id}/review", data={
        "version": "", "truth": "true", "attribution": "accurate",
        "rationale": "Matches the council minutes.", "action": "submit"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_a_slow_page_fetch_holds_nobody_else(desk):
    app, claim_id = desk["app"], desk["claim_id"]
    adder = _signed_in(app, "editor@example.org")
    with SlowPage() as slow:
        fetching, answer = _in_thread(lambda: adder.post(
            "/articles/new", data={"fetch_url": slow.url, "action": "save"}))
        assert slow.requested.wait(30)
        # The fetch is under way, its request open: the others go on.
        _sign_in_and_review(app, claim_id)
        assert fetching.is_alive()
        slow.release.set()
        fetching.join(60)
    assert answer and answer[0].status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Article.title).where(
            Article.url == slow.url)) == "Ferry fares frozen"
        assert db.session.scalar(sa.select(sa.func.count(Review.id)).where(
            Review.claim_id == claim_id, Review.submitted_at.is_not(None))) == 1


def test_a_hostile_article_fails_alone_while_others_work(desk, monkeypatch):
    app, claim_id = desk["app"], desk["claim_id"]
    change_settings(app.config, extraction_timeout=1.0)
    started = threading.Event()
    real = article_intake.extract_limited

    def observed(*args: Any, **kwargs: Any) -> Any:
        started.set()  # a spy: the real extraction runs
        return real(*args, **kwargs)

    monkeypatch.setattr(article_intake, "extract_limited", observed)
    adder = _signed_in(app, "editor@example.org")
    extracting, answer = _in_thread(lambda: adder.post(
        "/articles/new", data={"text": HOSTILE, "action": "save"}))
    assert started.wait(30)
    _sign_in_and_review(app, claim_id)
    extracting.join(120)
    response = answer[0]
    assert response.status_code == 400
    assert "took longer than 1 seconds" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Article.id)).where(
            Article.title == "Quote storm")) == 0
    # The worker that was stopped is replaced: an ordinary article still goes in.
    ordinary = adder.post("/articles/new", data={
        "text": "Bridge reopens\n\nThe bridge reopened on Sunday, the council said.",
        "action": "save"})
    assert ordinary.status_code == 302


def test_the_time_limit_stops_the_worker_and_a_new_one_serves_the_next_text():
    limits = ExtractionLimits(seconds=1.0, workers=1)
    with pytest.raises(ValidationFailed, match="longer than 1 seconds"):
        extract_limited(HOSTILE, [], limits)
    found = extract_limited("Fares rose 5% in May, the operator said.", [], limits)
    assert found.claims
