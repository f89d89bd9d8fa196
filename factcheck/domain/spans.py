"""Spans of an article body: snapping edits to words, and cutting the body
into plain and highlighted pieces for the reading view."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple


def snap_to_words(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words and trim surrounding whitespace, so a
    sloppy selection ("e strike en") becomes "the strike ended". A claim
    never starts on punctuation left over from the sentence before (the
    '"):' of a closed quote); an opening quote or bracket right before a
    word stays, and so does the closing punctuation at its end."""
    start = max(0, min(start, len(body)))
    end = max(start, min(end, len(body)))
    start, end = strip_span(body, start, end)
    while start < end and not _is_word(body[start]) and not _opens_word(body, start, end):
        start += 1
    while end > start and body[end - 1] in _OPENING_ONLY:
        end -= 1  # an opening quote or bracket belongs to what follows
    start, end = strip_span(body, start, end)
    if end <= start:
        return start, start  # nothing selected stays nothing, never a whole word
    while start > 0 and _is_word(body[start - 1]) and _is_word(body[start]):
        start -= 1
    while end < len(body) and _is_word(body[end - 1]) and _is_word(body[end]):
        end += 1
    return start, end


_OPENING_ONLY = "“‘«([{"
_OPENING = _OPENING_ONLY + '"'


def _opens_word(body: str, at: int, end: int) -> bool:
    """An opening quote or bracket directly before a word, as in “Nobody"""
    return body[at] in _OPENING and at + 1 < end and _is_word(body[at + 1])


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


class Nest(NamedTuple):
    """A piece of the body for nested highlights: plain text (claim_id
    None, no children) or one claim's stretch holding its children. A claim
    that crosses another (starts inside it, ends after it) cannot be one
    element, so it comes in several pieces; all but the first are
    ``continued``. A named tuple, not a frozen dataclass: a page makes a
    hundred and more, and a frozen dataclass sets each field through
    ``object.__setattr__``."""

    start: int
    end: int
    claim_id: int | None
    children: tuple[Nest, ...] = ()
    continued: bool = False
    depth: int = 0


@dataclass
class _Open:
    claim_id: int
    start: int
    continued: bool
    children: list[Nest]


def nest(length: int, spans: Iterable[tuple[int, int, int]]) -> list[Nest]:
    """Cover [0, length) with plain text and claims, a claim inside another
    nested in it; spans are (start, end, claim_id). Outer claims (earlier
    start, then later end) hold inner ones; every character appears once."""
    kept = sorted({(max(0, s), min(e, length), c) for s, e, c in spans
                   if min(e, length) > max(0, s)}, key=lambda t: (t[0], -t[1], t[2]))
    if all(kept[index][0] >= kept[index - 1][1] for index in range(1, len(kept))):
        return _side_by_side(length, kept)
    cuts = sorted({0, length} | {s for s, _, _ in kept} | {e for _, e, _ in kept})
    top: list[Nest] = []
    stack: list[_Open] = []
    seen: set[int] = set()

    def close(until: int, at: int) -> None:
        while len(stack) > until:
            done = stack.pop()
            piece = Nest(done.start, at, done.claim_id, tuple(done.children), done.continued,
                         len(stack))
            (stack[-1].children if stack else top).append(piece)

    # A sweep over the cuts: the claims covering [left, right) are those
    # started by ``left`` and not yet ended, kept in nesting order (claims
    # start in that order, so appending keeps it). Testing every claim at
    # every cut was quadratic in the article's claims.
    active: list[tuple[int, int, int]] = []
    upcoming = iter(kept)
    following = next(upcoming, None)
    for left, right in pairwise(cuts):
        if any(e <= left for _, e, _ in active):
            active = [span for span in active if span[1] > left]
        while following is not None and following[0] <= left:
            active.append(following)
            following = next(upcoming, None)
        covering = [c for _, _, c in active]
        shared = 0
        while (shared < len(stack) and shared < len(covering)
               and stack[shared].claim_id == covering[shared]):
            shared += 1
        close(shared, left)
        for claim_id in covering[shared:]:
            stack.append(_Open(claim_id, left, claim_id in seen, []))
            seen.add(claim_id)
        (stack[-1].children if stack else top).append(Nest(left, right, None))
    close(0, length)
    return top


def _side_by_side(length: int, kept: list[tuple[int, int, int]]) -> list[Nest]:
    """What the sweep makes of claims that neither nest nor cross (most
    articles: a claim is a sentence or part of one), without the sweep's
    bookkeeping: plain text, then each claim holding its own text."""
    pieces: list[Nest] = []
    at = 0
    for start, end, claim_id in kept:
        if start > at:
            pieces.append(Nest(at, start, None))
        pieces.append(Nest(start, end, claim_id, (Nest(start, end, None),)))
        at = end
    if length > at:
        pieces.append(Nest(at, length, None))
    return pieces
