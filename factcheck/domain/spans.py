"""Spans of an article body: snapping edits to words, and cutting the body
into plain and highlighted segments for the reading view."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def snap_to_words(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words and trim surrounding whitespace, so a
    sloppy selection ("e strike en") becomes "the strike ended"."""
    start = max(0, min(start, len(body)))
    end = max(start, min(end, len(body)))
    start, end = strip_span(body, start, end)
    if end <= start:
        return start, start  # nothing selected stays nothing, never a whole word
    while start > 0 and _is_word(body[start - 1]) and _is_word(body[start]):
        start -= 1
    while end < len(body) and _is_word(body[end - 1]) and _is_word(body[end]):
        end += 1
    return start, end


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-_%$€£"


def split_point(body: str, start: int, end: int, at: int) -> int:
    """Where a claim splits: at ``at`` moved back to the start of its word;
    both halves must keep some text."""
    at = max(start, min(at, end))
    while start < at < end and _is_word(body[at - 1]) and _is_word(body[at]):
        at -= 1
    return at


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading and trailing whitespace (may become empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    claim_id: int | None


def segments(length: int, spans: Iterable[tuple[int, int, int]]) -> list[Segment]:
    """Cover [0, length) with segments; spans are (start, end, claim_id).
    Overlapping spans (possible only mid-edit) never duplicate text: the
    later one is cut to start where the earlier one ends."""
    out: list[Segment] = []
    cursor = 0
    for start, end, claim_id in sorted(spans):
        start, end = max(start, cursor), min(end, length)
        if end <= start:
            continue
        if start > cursor:
            out.append(Segment(cursor, start, None))
        out.append(Segment(start, end, claim_id))
        cursor = end
    if cursor < length:
        out.append(Segment(cursor, length, None))
    return out
