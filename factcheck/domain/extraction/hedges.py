"""Hedges: markers that a statement is reported, alleged or uncertain."""

from __future__ import annotations

import re

HEDGE_RE = re.compile(
    r"(?<![\w-])(?:"
    r"reportedly|allegedly|purportedly|supposedly|apparently|seemingly|ostensibly|reputedly"
    r"|(?:is|are|was|were|being|been)\s+(?:said|believed|thought|alleged|reported|understood|"
    r"rumou?red|claimed|suspected|expected|presumed|considered|feared|estimated)\s+to"
    r"|it\s+(?:is|was|has\s+been|had\s+been)\s+(?:reported|understood|believed|thought|alleged|"
    r"claimed|rumou?red|said)"
    r"|unconfirmed\s+reports?|unverified|according\s+to\s+(?:unconfirmed|media|local|some)\s+reports?"
    r"|(?:may|might|could)\s+have|possibly|probably|likely|unlikely|perhaps|presumably"
    r"|appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to"
    r")(?![\w-])",
    re.I,
)
# hedges that signal reported speech rather than mere uncertainty
REPORTING_HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "reputedly"})


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(normalised hedge, start, end) for each hedge in text[start:end]."""
    out = []
    for m in HEDGE_RE.finditer(text, start, len(text) if end is None else end):
        out.append((re.sub(r"\s+", " ", m.group(0).lower()), m.start(), m.end()))
    return out


def is_reporting_hedge(h: str) -> bool:
    return h in REPORTING_HEDGES or bool(
        re.match(r"(?:is|are|was|were|being|been) (?:said|reported|alleged|rumou?red|claimed)", h)
        or h.startswith(("it is", "it was", "it has", "it had", "unconfirmed", "according"))
    )
