"""The browser tests' live server (tests/support/browser.py) closes every
response, even when the client drops the connection part way."""

from __future__ import annotations

import gc
from typing import Any

from tests.support.browser import closing


class Body:
    """A response body that records whether it was closed."""

    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Any:
        yield b"first"
        yield b"second"

    def close(self) -> None:
        self.closed = True


def test_a_response_abandoned_after_its_first_chunk_is_still_closed() -> None:
    body = Body()
    served = closing(lambda _environ, _start: body)({}, lambda *_: None)
    assert next(iter(served)) == b"first"
    # The server gave up on the connection and never called close().
    del served
    gc.collect()
    assert body.closed


def test_a_response_read_to_the_end_is_closed_once_by_either_side() -> None:
    body = Body()
    served = closing(lambda _environ, _start: body)({}, lambda *_: None)
    assert list(served) == [b"first", b"second"]
    assert body.closed
    served.close()  # the server's own close afterwards is harmless
