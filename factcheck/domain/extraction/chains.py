"""Ordering the attributions found in one sentence into a chain, outermost first."""

from __future__ import annotations

import itertools
import re

from .attribution import LAttr, LHop

_ROLE_RANK = {
    "according_post": 0,
    "according_pre": 1,
    "post": 2,
    "inverted": 2,
    "pre": 3,
    "passive": 3,
    "according_inner": 4,  # "X said that, according to Y, ...": Y inside X's report
}
CLAUSE_BREAK = re.compile(r",?\s+(?:but|while|whereas|although|though)\s+|;\s+|,\s+and\s+(?=\S)")


def order_attrs(attrs: list[LAttr]) -> list[LAttr]:
    return sorted(attrs, key=lambda a: (_ROLE_RANK.get(a.role, 3), a.cue_start or 0))


def build_chain(attrs: list[LAttr]) -> tuple[list[LHop], LAttr | None]:
    """Merge a sentence's attributions into one chain; return it and the innermost cue."""
    if not attrs:
        return [], None
    ordered = order_attrs(attrs)
    hops: list[LHop] = []
    seen: set[tuple[int, int]] = set()
    for la in ordered:
        for h in la.hops:
            key = (h.start, h.end)
            if key in seen or any(h.start < y and x < h.end for x, y in seen):
                continue
            seen.add(key)
            hops.append(h)
    return hops[:5], ordered[-1]


def split_points(text: str, s: int, e: int, attrs: list[LAttr]) -> list[int]:
    """Offsets where a sentence holding two separately attributed clauses should be cut
    ("X said A, but Y says B")."""
    verbs = sorted((a for a in attrs if a.role in ("pre", "post")), key=lambda a: a.cue_start or 0)
    cuts: list[int] = []
    for first, second in itertools.pairwise(verbs):
        if not first.hops or not second.hops or first.cue_end is None:
            continue
        lo = first.cue_end
        hi = second.hops[0].start
        if hi <= lo:
            continue
        found = None
        for m in CLAUSE_BREAK.finditer(text, lo, hi + 1):
            found = m
        if found is not None and found.end() <= hi + 1:
            cut = found.start() + (1 if text[found.start()] in ",;" else 0)
            if s < cut < e:
                cuts.append(cut)
    return cuts
