"""Text in a style-blind form with a map back to the original offsets:
whitespace runs become one space, typographic quotes and dashes their plain
forms. Editors re-wrap lines and switch quote styles without changing what
a sentence says; matching on this form lets such claims count as moved."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_STYLE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u00a0": " ",
})
_SPACES = re.compile(r"\s+")
# Only what folding changes: a single plain space stays as it is, so most
# of a text needs no bookkeeping at all.
_FOLDED_SPACES = re.compile(r"[^\S ]\s*|\s{2,}")


def fold(text: str) -> str:
    """The style-blind form of a short text (a quote, a prefix)."""
    return _SPACES.sub(" ", text.translate(_STYLE))


@dataclass(frozen=True)
class Normalized:
    """``text`` is the folded body. Offsets map back through the runs that
    folding shortened: after the k-th run, original = folded + shift[k]."""

    text: str
    length: int  # of the original
    folded_at: list[int] = field(default_factory=list)  # folded offset of each run's space
    original_at: list[int] = field(default_factory=list)  # original offset of each run
    original_after: list[int] = field(default_factory=list)  # original offset past the run
    shift: list[int] = field(default_factory=list)  # original - folded, after the run

    @classmethod
    def of(cls, body: str) -> Normalized:
        styled = body.translate(_STYLE)  # same length: offsets unchanged
        parts: list[str] = []
        folded_at: list[int] = []
        original_at: list[int] = []
        original_after: list[int] = []
        shift: list[int] = []
        cursor = removed = 0
        for run in _FOLDED_SPACES.finditer(styled):
            parts.append(styled[cursor:run.start()])
            folded_at.append(run.start() - removed)
            original_at.append(run.start())
            original_after.append(run.end())
            removed += run.end() - run.start() - 1
            shift.append(removed)
            parts.append(" ")
            cursor = run.end()
        parts.append(styled[cursor:])
        return cls("".join(parts), len(body), folded_at, original_at, original_after, shift)

    def original(self, folded: int) -> int:
        """Where a folded character starts in the original."""
        run = bisect_right(self.folded_at, folded) - 1
        if run < 0:
            return folded
        if self.folded_at[run] == folded:
            return self.original_at[run]
        return folded + self.shift[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of a folded span [start, end)."""
        if end <= start:
            at = self.original(start) if start < len(self.text) else self.length
            return at, at
        return self.original(start), self.original(end - 1) + 1

    def folded_offset(self, original: int) -> int:
        """The folded position at or after an original offset."""
        run = bisect_right(self.original_at, original) - 1
        if run < 0:
            return original
        if original < self.original_after[run]:
            # Inside a folded run: its one space, or just past it.
            return self.folded_at[run] + (original > self.original_at[run])
        return original - self.shift[run]
