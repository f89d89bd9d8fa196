"""A real webhook receiver on 127.0.0.1 for delivery tests: it records each
POST (path, headers, body) and answers by path:

- ``/ok``: 200
- ``/fail``: 500 with a short message
- ``/redirect``: 302 to ``/ok`` (which must then never be reached)
- ``/hang``: no answer until the server stops (the sender must give up)
- ``/flaky``: 503 for the first ``flaky_failures`` requests, then 200
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    base: str = ""
    received: list[Received] = field(default_factory=list)
    flaky_failures: int = 1
    released: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path

    def at(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]


@contextmanager
def receiving() -> Iterator[Receiver]:
    receiver = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                receiver.received.append(Received(self.path, dict(self.headers.items()), body))
                seen = len(receiver.at(self.path))
            if self.path == "/hang":
                receiver.released.wait(30)
                return
            if self.path == "/redirect":
                self._answer(302, b"", location="/ok")
            elif self.path == "/fail":
                self._answer(500, b"database is on fire")
            elif self.path == "/flaky" and seen <= receiver.flaky_failures:
                self._answer(503, b"busy")
            else:
                self._answer(200 if self.path in ("/ok", "/flaky") else 404, b"thanks")

        def _answer(self, status: int, body: bytes, location: str = "") -> None:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    receiver.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield receiver
    finally:
        receiver.released.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
