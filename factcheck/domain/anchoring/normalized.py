"""Text in a style-blind form with a map back to the original offsets:
whitespace runs become one space, typographic quotes and dashes their plain
forms. Editors re-wrap lines and switch quote styles without changing what
a sentence says; matching on this form lets such claims count as moved."""

from __future__ import annotations

import re
from dataclasses import dataclass

_STYLE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u00a0": " ",
})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The style-blind form of a short text (a quote, a prefix)."""
    return _SPACES.sub(" ", text.translate(_STYLE))


@dataclass(frozen=True)
class Normalized:
    """``text`` is the folded body; ``origin[i]`` is where its i-th
    character starts in the original (one extra entry for the end)."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, body: str) -> Normalized:
        styled = body.translate(_STYLE)  # same length: offsets unchanged
        parts: list[str] = []
        origin: list[int] = []
        cursor = 0
        for run in _SPACES.finditer(styled):
            parts.append(styled[cursor:run.start()])
            origin.extend(range(cursor, run.start()))
            parts.append(" ")
            origin.append(run.start())
            cursor = run.end()
        parts.append(styled[cursor:])
        origin.extend(range(cursor, len(styled)))
        origin.append(len(styled))
        return cls("".join(parts), origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of a folded span [start, end)."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def folded_offset(self, original: int) -> int:
        """The folded position at or after an original offset."""
        from bisect import bisect_left

        return bisect_left(self.origin, original, 0, len(self.origin) - 1)
