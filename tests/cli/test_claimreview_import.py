"""``factcheck claimreview import``: a file, a hostile file, a huge file,
and a URL fetched through the guarded fetcher."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck.domain.matching.claimreview_reader import MAX_BYTES
from factcheck.extensions import db
from factcheck.models.external_verdict import ExternalVerdict
from factcheck.services.audit import trail as audit
from tests.domain.matching.test_claimreview_reader import review

FEED = json.dumps({"@type": "DataFeed", "dataFeedElement": [
    {"@type": "DataFeedItem", "item": [review(1)]},
    {"@type": "DataFeedItem", "item": [review(2, reviewRating="false")]},
    {"@type": "DataFeedItem", "item": [review(3, claimReviewed=["a", "list"])]},
    {"@type": "DataFeedItem", "item": [review(4, claimReviewed="<script>alert(1)</script>"
                                                               "Fares rose")]},
]}).encode()


@pytest.fixture
def cli_app(fresh_app):
    with fresh_app.app_context():
        upgrade()
    return fresh_app


def _stored(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(ExternalVerdict.claim_text)
                                       .order_by(ExternalVerdict.review_url)))


def test_a_feed_with_bad_records_imports_the_rest_and_names_the_bad(cli_app, tmp_path: Path):
    path = tmp_path / "feed.json"
    path.write_bytes(FEED)
    result = cli_app.test_cli_runner().invoke(args=["claimreview", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert "2 new, 0 updated, 0 unchanged, 2 skipped" in result.output
    assert "skipped dataFeedElement[1].item[0]: reviewRating has neither" in result.output
    assert "skipped dataFeedElement[2].item[0]: claimReviewed should be text" in result.output
    assert _stored(cli_app) == ["The harbour bridge toll rose 1 percent overnight",
                                "Fares rose"]
    with cli_app.app_context():
        assert audit.verify(db.session).ok
    again = cli_app.test_cli_runner().invoke(args=["claimreview", "import", str(path)])
    assert "0 new, 0 updated, 2 unchanged, 2 skipped" in again.output


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01 not json", "not valid JSON"),
    (b"[" * 100_000, "nested too deeply"),
    (b'"just a string"', "neither a JSON object nor a list"),
])
def test_hostile_files_get_a_clear_report(cli_app, tmp_path: Path, content, message):
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    result = cli_app.test_cli_runner().invoke(args=["claimreview", "import", str(path)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _stored(cli_app) == []


def test_a_file_over_the_cap_is_refused_unread(cli_app, tmp_path: Path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 50 MB written to disk
    result = cli_app.test_cli_runner().invoke(args=["claimreview", "import", str(path)])
    assert result.exit_code != 0
    assert "larger than 20 MB" in result.output and "Nothing was imported" in result.output


class _Feed(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = json.dumps([review(8)]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/feed.json"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_a_url_is_fetched_through_the_guarded_fetcher(cli_app, server):
    runner = cli_app.test_cli_runner()
    refused = runner.invoke(args=["claimreview", "import", server])
    assert refused.exit_code != 0 and "private or local address" in refused.output
    cli_app.config["FETCH_ALLOW_PRIVATE"] = True
    result = runner.invoke(args=["claimreview", "import", server])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    assert _stored(cli_app) == ["The harbour bridge toll rose 8 percent overnight"]
