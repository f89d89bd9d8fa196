"""A clock that moves only when the test moves it (for code that takes a
``time.monotonic``-like clock)."""

from __future__ import annotations


class ManualClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now
