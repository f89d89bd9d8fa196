"""A live server on its own database, and Debian's Chromium driven by
Playwright. Without Chromium (a bare laptop) browser tests skip with the
reason; CI sets FACTCHECK_REQUIRE_BROWSER=1 so they cannot skip there."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_chromium() -> str:
    path = chromium_path()
    if path is None:
        message = ("browser tests need Debian's chromium (apt-get install chromium); "
                   ".ci/run installs it")
        if os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass
class LiveServer:
    app: Flask
    url: str


def closing(app: Any) -> Any:
    """``app`` with each response's iterable closed from its own ``finally``.

    werkzeug's development server closes the iterable last, after draining
    what is left of the request. When a client drops the connection (Chromium
    abandons a favicon request when its page is closed) the write fails, the
    drain can fail too, and the close is skipped: the static file behind the
    response is left to the garbage collector, whose ResourceWarning this
    suite turns into an error in whichever test runs next. Closing inside
    the iteration does not depend on the server reaching its own close."""
    def wrapped(environ: Any, start_response: Any) -> Any:
        iterable = app(environ, start_response)

        def chunks() -> Iterator[bytes]:
            try:
                yield from iterable
            finally:
                close = getattr(iterable, "close", None)
                if close is not None:
                    close()

        return chunks()
    return wrapped


def serve(app: Flask) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)


def launch_browser(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=require_chromium(), headless=True,
                                      args=CHROMIUM_ARGS)


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
