"""Hostile inputs for extraction, of any size: the shapes that made regular
expressions backtrack or per-cue scans go quadratic. Shared by the hang-guard
test (200 KB) and bench/extraction_adversarial.py (1 MB)."""

from __future__ import annotations

from collections.abc import Callable


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def dots(size: int) -> str:
    return _repeat(".", size)


def bangs(size: int) -> str:
    return _repeat("!", size)


def interrobangs(size: int) -> str:
    return _repeat("?!", size)


def one_sentence(size: int) -> str:
    """One sentence without a single punctuation mark or line break."""
    words = "the council said officials from the ministry told reporters that budget plans "
    return "Officials " + _repeat(words, size - 10)


def according_to(size: int) -> str:
    return _repeat("according to ", size)


def alternating_quotes(size: int) -> str:
    return _repeat("\"“'”‘’«»„ ", size)


def nested_brackets(size: int) -> str:
    half = size // 2
    return "(" * half + ")" * (size - half)


def rtl_zero_width(size: int) -> str:
    """Arabic and Hebrew words, RTL/LTR marks and zero-width characters, no spaces at times."""
    unit = "قال\u200f المسؤول\u200b\u200c\u200dשלום\u202e,\u2066\u2069\ufeff\u061f \u200e"
    return _repeat(unit, size)


def spaces_after_dateline(size: int) -> str:
    """A dateline-like opening followed by a long run of spaces (once cubic in layout)."""
    return "Headline\n\nWASHINGTON" + " " * (size - 30) + "x said so."


def digit_groups(size: int) -> str:
    """ "1,1,1,..." (once quadratic in the number pattern of check-worthiness)."""
    return "It cost " + _repeat("1,", size - 17) + " dollars."


def long_bullet(size: int) -> str:
    """One list item as long as the text (list items skip sentence splitting)."""
    return "- " + one_sentence(size - 2)


HOSTILE: dict[str, Callable[[int], str]] = {
    "line of dots": dots,
    "!!! run": bangs,
    "?!?! run": interrobangs,
    "one sentence, no punctuation": one_sentence,
    '"according to" repeated': according_to,
    "alternating quote marks": alternating_quotes,
    "nested brackets": nested_brackets,
    "RTL and zero-width": rtl_zero_width,
    "spaces after a dateline": spaces_after_dateline,
    "digit groups": digit_groups,
    "one long list item": long_bullet,
}
