"""A web server on this machine answering fixed pages, for fetch tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serving(pages: Mapping[str, bytes], *, etags: Mapping[str, str] | None = None,
            content_type: str = "text/html; charset=utf-8",
            seen: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """The server's base address; ``pages`` maps paths to HTML bodies, any
    other path answers 404. ``pages`` and ``etags`` are read at each request,
    so a test may change them between fetches; a request whose If-None-Match
    is the path's ETag answers 304. ``seen`` collects (path, If-None-Match)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            condition = self.headers.get("If-None-Match", "")
            if seen is not None:
                seen.append((self.path, condition))
            etag = (etags or {}).get(self.path)
            if etag and condition == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", content_type)
            if etag:
                self.send_header("ETag", etag)
            payload = body if body is not None else b"gone"
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
