"""Quotation spans across a body: direct quotes versus scare quotes and titles.

Quotes may run over several paragraphs: by news convention a quote left open at the
end of a paragraph continues into the next one (which usually reopens it)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPENERS = "“«„"
CLOSERS = "”»"
_TITLE_LEAD = re.compile(
    r"(?:named|called|dubbed|titled|entitled|known\s+as|so-called|term|word|phrase|nicknamed"
    r"|branded|labell?ed|as)\s*$",
    re.I,
)


@dataclass(frozen=True)
class Quote:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the end of the last paragraph it covers)
    direct: bool


def _is_open(text: str, i: int, lo: int) -> bool:
    """A straight double quote at i opens when it follows a space, start or bracket."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace() or prev in "([{—–-/:" or i == lo:
        return not nxt.isspace()
    return False


def find_quotes(text: str, blocks: list[tuple[int, int]]) -> list[Quote]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for bi, (lo, hi) in enumerate(blocks):
        i = lo
        while True:
            m = _QCHAR.search(text, i, hi)
            if m is None:
                break
            j = m.start()
            ch = text[j]
            if open_at is not None and ch in OPENERS and _is_close(text, j, hi):
                ch = "”"  # a mis-typed closing mark: decision.“
            if ch in OPENERS or (ch == '"' and open_at is None and _is_open(text, j, lo)):
                if open_at is None:
                    open_at = j
                elif ch in OPENERS and j == lo:
                    pass  # continuation of a quote into a new paragraph
                elif ch in OPENERS:
                    open_at = j  # unbalanced: restart
            elif open_at is not None and (ch in CLOSERS or ch == '"'):
                if ch == '"' and j == lo and _is_open(text, j, lo):
                    pass  # paragraph-initial reopening
                else:
                    spans.append((open_at, j + 1))
                    open_at = None
            i = j + 1
        if open_at is not None:
            nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
            if nxt is None or not _continues(text, nxt[0], nxt[1]):
                spans.append((open_at, hi))
                open_at = None
    return [Quote(a, b, _direct(text, a, b)) for a, b in spans]


_QCHAR = re.compile(r"[\"“”«»„]")


def _is_close(text: str, i: int, hi: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    return not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)")


def _continues(text: str, lo: int, hi: int) -> bool:
    """Does an open quote carry on into the paragraph text[lo:hi]?"""
    if lo < hi and text[lo] in '"“«„':
        return True
    # the paragraph closes a quote before opening one: odd number of marks
    m = _QCHAR.search(text, lo, hi)
    if m is None:
        return False
    j = m.start()
    return text[j] in CLOSERS or (text[j] == '"' and not _is_open(text, j, lo))


def _direct(text: str, a: int, b: int) -> bool:
    inner = text[a + 1 : b - 1] if b - a >= 2 else ""
    words = inner.split()
    if not words:
        return False
    lead = text[max(0, a - 30) : a]
    if _TITLE_LEAD.search(lead):
        return False
    if len(words) >= 5:
        return True
    stripped = inner.rstrip()
    if stripped.endswith((".", "!", "?", ",")):
        titled = all(w[0].isupper() for w in words if w[0].isalpha() and len(w) > 3)
        return not titled or len(words) == 1 or stripped.endswith(("!", "?", "."))
    return False


class QuoteIndex:
    """Answers "is this offset inside a direct quote?" quickly."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = [q for q in quotes if q.direct]
        self._starts = [q.start for q in self.quotes]

    def covering(self, pos: int) -> Quote | None:
        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0:
            q = self.quotes[k]
            if q.start < pos < q.end:
                return q
        return None

    def overlapping(self, a: int, b: int) -> list[Quote]:
        k = max(0, bisect.bisect_right(self._starts, a) - 1)
        out = []
        while k < len(self.quotes) and self.quotes[k].start < b:
            q = self.quotes[k]
            if q.end > a:
                out.append(q)
            k += 1
        return out
