"""Hostile text finishes (no backtracking, no per-cue rescans) and keeps the contract.

Each input is 200 KB; the guard is a generous 60 s (the benchmark, not this test,
holds the speed target: bench/extraction_adversarial.py)."""

from __future__ import annotations

import json
import threading

import pytest

from factcheck.domain.extraction import extract_json
from factcheck.domain.extraction.sentences import MAX_SENTENCE
from tests.support.hostile_text import HOSTILE

SIZE = 200_000
HANG_GUARD_S = 60.0


def _extract_with_guard(text: str) -> dict:
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["out"] = extract_json(text)
        except BaseException as error:  # reported in the test thread below
            box["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_S)
    assert not worker.is_alive(), f"extraction still running after {HANG_GUARD_S:.0f} s"
    if "error" in box:
        raise AssertionError(f"extraction raised {box['error']!r}")
    return json.loads(str(box["out"]))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_finishes_and_offsets_round_trip(name: str) -> None:
    text = HOSTILE[name](SIZE)
    assert len(text) == SIZE
    data = _extract_with_guard(text)
    assert data["text"] == text
    for claim in data["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
        assert claim["end"] - claim["start"] <= MAX_SENTENCE
        assert text[max(0, claim["start"] - 32) : claim["start"]] == claim["prefix"]
        for hop in claim["attribution"]["chain"]:
            if hop["start"] is not None:
                assert 0 <= hop["start"] < hop["end"] <= len(text)
