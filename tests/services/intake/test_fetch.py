"""Fetching a page: from a local test server when private addresses are
allowed, refused otherwise; schemes, redirects, size, time and status."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factcheck.services.core.errors import ValidationFailed
from factcheck.services.intake import fetch as fetch_module
from factcheck.services.intake.fetch import FetchPolicy, fetch

PAGE = (b"<html><head><title>Levy approved</title></head><body><article>"
        b"<p>The council approved the transit levy on Thursday, the mayor said.</p>"
        b"</article></body></html>")
RELEASE = threading.Event()  # lets stalled handlers go when the server stops


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", headers.pop("content_type", "text/html; charset=utf-8"))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        routes = {
            "/article": lambda: self._send(200, PAGE),
            "/hop": lambda: self._send(302, Location="/article"),
            "/to-file": lambda: self._send(302, Location="file:///etc/passwd"),
            "/to-loopback": lambda: self._send(301, Location=f"http://127.0.0.1:{port}/article"),
            "/loop": lambda: self._send(302, Location="/loop"),
            "/nowhere": lambda: self._send(302),
            "/missing": lambda: self._send(404, b"not here"),
            "/broken": lambda: self._send(500, b"oops"),
            "/big": lambda: self._send(200, b"x" * 4096, content_type="text/plain"),
            "/stall": self._stall,
            "/drip": self._drip,
        }
        routes.get(self.path, lambda: self._send(404))()

    def _stall(self) -> None:
        RELEASE.wait(10)

    def _drip(self) -> None:
        """A byte at a time, each well inside the read timeout, never ending."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        while not RELEASE.is_set():
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            RELEASE.wait(0.02)  # the server's pace, not the test's


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    RELEASE.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        RELEASE.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


LOCAL = FetchPolicy(allow_private=True, connect_timeout=2, read_timeout=2)


def test_fetches_a_page_from_the_local_server(server):
    fetched = fetch(f"{server}/article", LOCAL)
    assert fetched.body == PAGE
    assert fetched.content_type.startswith("text/html")
    assert fetched.url == f"{server}/article"


def test_follows_redirects_and_reports_the_final_address(server):
    fetched = fetch(f"{server}/hop", LOCAL)
    assert fetched.body == PAGE and fetched.url == f"{server}/article"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://10.1.2.3/news", "http://192.168.0.10/", "http://[::1]/",
    "http://localhost/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/",
])
def test_private_and_loopback_addresses_are_refused_by_default(url):
    with pytest.raises(ValidationFailed, match="private or local"):
        fetch(url, FetchPolicy())


@pytest.mark.parametrize("url", [
    "http://[::127.0.0.1]/", "http://[::ffff:127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/", "http://[fec0::1]/", "http://[2001:0:4136:e378::1]/",
    "http://[fd12:3456::1]/", "http://[ff02::1]/", "http://240.0.0.1/", "http://192.0.2.1/",
])
def test_addresses_python_calls_global_or_that_tunnel_inwards_are_refused(url):
    with pytest.raises(ValidationFailed, match="private or local"):
        fetch(url, FetchPolicy())


def test_the_local_server_itself_is_refused_by_default(server):
    with pytest.raises(ValidationFailed, match="private or local"):
        fetch(f"{server}/article", FetchPolicy())


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/story.txt",
    "data:text/html,<p>hi</p>", "//example.com/story", "example.com/story",
])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(ValidationFailed, match="Only http:// and https://"):
        fetch(url, LOCAL)


@pytest.mark.parametrize("url", ["http://example.com:99999/", "http://[::1/", "http:///path",
                                 "http://user:secret@example.com/"])
def test_malformed_addresses_get_a_clear_refusal(url):
    with pytest.raises(ValidationFailed):
        fetch(url, LOCAL)


def test_a_redirect_to_a_file_url_is_refused(server):
    with pytest.raises(ValidationFailed, match="Only http:// and https://"):
        fetch(f"{server}/to-file", LOCAL)


def test_each_redirect_target_is_checked_again(server, monkeypatch):
    """The first address passes as public; where it redirects is checked on
    its own, and loopback is refused."""
    real_resolve = fetch_module._resolve

    def resolve(host: str, port: int, allow_private: bool, lookup_seconds: float) -> str:
        if host == "localhost":
            return "127.0.0.1"  # pretend this one is a public site
        return real_resolve(host, port, allow_private, lookup_seconds)

    monkeypatch.setattr(fetch_module, "_resolve", resolve)
    port = server.rsplit(":", 1)[1]
    assert fetch(f"http://localhost:{port}/article", FetchPolicy()).body == PAGE
    with pytest.raises(ValidationFailed, match="private or local"):
        fetch(f"http://localhost:{port}/to-loopback", FetchPolicy())


def test_redirect_loops_and_redirects_to_nowhere_end_cleanly(server):
    with pytest.raises(ValidationFailed, match="too many times"):
        fetch(f"{server}/loop", LOCAL)
    with pytest.raises(ValidationFailed, match="without saying where"):
        fetch(f"{server}/nowhere", LOCAL)


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/broken", 500)])
def test_non_200_answers_are_reported(server, path, status):
    with pytest.raises(ValidationFailed, match=f"HTTP {status}"):
        fetch(f"{server}{path}", LOCAL)


def test_pages_over_the_size_cap_are_refused(server):
    small = FetchPolicy(allow_private=True, max_bytes=1024)
    with pytest.raises(ValidationFailed, match="larger than"):
        fetch(f"{server}/big", small)
    assert len(fetch(f"{server}/big", FetchPolicy(allow_private=True, max_bytes=4096)).body) == 4096


def test_a_server_that_stalls_times_out(server):
    impatient = FetchPolicy(allow_private=True, connect_timeout=0.5, read_timeout=0.2)
    with pytest.raises(ValidationFailed, match="took too long"):
        fetch(f"{server}/stall", impatient)


def test_a_page_that_drips_forever_hits_the_total_deadline(server):
    """Each byte arrives well inside the read timeout; only the total
    deadline ends it."""
    dripping = FetchPolicy(allow_private=True, connect_timeout=2, read_timeout=2,
                           total_timeout=0.3)
    with pytest.raises(ValidationFailed, match=r"longer than 0.3 seconds in all"):
        fetch(f"{server}/drip", dripping)


def test_the_total_deadline_ends_a_stalled_read_too(server):
    patient_reads = FetchPolicy(allow_private=True, connect_timeout=2, read_timeout=30,
                                total_timeout=0.3)
    with pytest.raises(ValidationFailed, match="in all"):
        fetch(f"{server}/stall", patient_reads)


def test_unknown_host_is_reported():
    with pytest.raises(ValidationFailed, match="could not be found"):
        fetch("http://no-such-host.invalid/story", FetchPolicy())


def test_a_name_server_that_never_answers_ends_the_lookup_not_the_worker(monkeypatch):
    """A lookup that hangs is given up after its time limit, with a clear error; the
    request goes on (and the stuck lookup ends in its own time)."""
    answered = threading.Event()

    def never_answers(*args: object, **kwargs: object) -> list[object]:
        answered.wait()
        return []

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", never_answers)
    try:
        with pytest.raises(ValidationFailed, match=r"took more than 0\.05 s"):
            fetch_module.checked_address("https://slow.example/", False, lookup_seconds=0.05)
    finally:
        answered.set()
