"""A word-level diff between two revisions, for people to read."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


class Change(enum.StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Piece:
    change: Change
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """Old and new text as runs of same, removed and added words
    (whitespace rides with the words, so re-wrapping shows as a change of
    spacing only where it happened)."""
    old_tokens = _TOKENS.findall(old)
    new_tokens = _TOKENS.findall(new)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            _add(pieces, Change.SAME, "".join(old_tokens[a1:a2]))
            continue
        _add(pieces, Change.REMOVED, "".join(old_tokens[a1:a2]))
        _add(pieces, Change.ADDED, "".join(new_tokens[b1:b2]))
    return pieces


def _add(pieces: list[Piece], change: Change, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].change is change:
        pieces[-1] = Piece(change, pieces[-1].text + text)
    else:
        pieces.append(Piece(change, text))
