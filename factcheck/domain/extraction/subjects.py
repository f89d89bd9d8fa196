"""The subject of a reporting verb: walking back over auxiliaries, appositives and
introductory phrases to the noun phrase that is the source."""

from __future__ import annotations

import re

from .cues import AUX
from .lexicon import words
from .mentions import trim_span

_PREV_WORD = re.compile(r"([\w'’.-]+)\W*$")
_INTRO = frozenset(
    words(
        "after before in on at during since when while as although though because if despite "
        "speaking asked citing meanwhile however yesterday today earlier later last this for "
        "with from by under according separately also but and so yet then still instead"
    )
)
_LEAD_CONJ = re.compile(
    r"(?:(?:and|but|while|as|although|though|because|so|yet|then|also|however|meanwhile|"
    r"that|where|whereas|since|when|if|after|before|or|nor|now|still|instead)\b[\s,]*)+",
    re.I,
)


def prev_word(text: str, lo: int, pos: int) -> tuple[str, int] | None:
    m = _PREV_WORD.search(text, max(lo, pos - 40), pos)
    if not m or text[m.end(1) : pos].strip(" "):
        return None
    return m.group(1), m.start(1)


def skip_aux_back(text: str, lo: int, pos: int) -> tuple[int, list[str]]:
    """Walk back from a verb over auxiliaries/adverbs; return new end and the words skipped."""
    skipped: list[str] = []
    while True:
        pw = prev_word(text, lo, pos)
        if pw is None:
            return pos, skipped
        w, ws = pw
        lw = w.lower()
        if lw in AUX or (lw.endswith("ly") and len(lw) > 4 and lw not in ("italy", "family")):
            skipped.append(lw)
            pos = ws
            continue
        if lw.endswith(("'s", "’s", "'ve", "’ve", "'d", "’d", "n't", "n’t", "'m", "’m")) and lw[
            :-2
        ] in (
            "he",
            "she",
            "it",
            "i",
            "we",
            "they",
            "has",
            "had",
            "who",
        ):
            skipped.append(lw)
            pos = ws
            continue
        return pos, skipped


def subject_span(text: str, s: int, end: int) -> tuple[int, int, bool] | None:
    """The subject noun phrase ending at `end`; also whether content precedes it."""
    prefix = text[s:end]
    cut = max(prefix.rfind(c) for c in '”"»;:—–()')
    dash = prefix.rfind(" - ")
    cut = max(cut, dash + 1 if dash >= 0 else -1)
    base = s + cut + 1 if cut >= 0 else s
    content_before = cut >= 0 and bool(text[s : s + cut].strip(" \"“”'"))
    seg = text[base:end].rstrip()
    if not seg.strip():
        return None
    if seg.endswith(","):
        pieces = _comma_pieces(text, base, base + len(seg) - 1)
        cand = None
        for a, b in reversed(pieces[:-1]):
            ws = text[a:b].split()
            if ws and ws[0][0].isupper() and ws[0].lower() not in _INTRO and len(ws) <= 8:
                cand = (a, b)
                break
        if cand is None:
            for a, b in reversed(pieces[:-1]):
                first = text[a:b].split()[0].lower() if text[a:b].split() else ""
                if first in _INTRO:
                    continue
                cand = (a, b)
                break
        if cand is None:
            cand = pieces[-1] if len(pieces) == 1 else None
        if cand is None:
            return None
        a, b = cand
        content_before = content_before or any(p[0] < a for p in pieces)
        first_piece = pieces[0]
        lead_words = text[first_piece[0] : first_piece[1]].split()
        if (a, b) != first_piece and lead_words and lead_words[0].lower() not in _INTRO:
            content_before = True
    else:
        pieces = _comma_pieces(text, base, base + len(seg))
        a, b = pieces[-1]
        if len(pieces) > 1:
            lead = text[pieces[0][0] : pieces[0][1]].split()
            if not (lead and lead[0].lower() in _INTRO and len(pieces) == 2):
                content_before = True
    a, b = trim_span(text, a, b)
    m = _LEAD_CONJ.match(text, a, b)
    if m:
        if m.group(0).strip(" ,").lower() not in ("so", "now", "then", "still", "also"):
            content_before = True
        a = m.end()
    if a >= b:
        return None
    return a, b, content_before


def _comma_pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    pos = a
    for m in re.finditer(r",", text[a:b]):
        out.append((pos, a + m.start()))
        pos = a + m.end()
    out.append((pos, b))
    return [(x, y) for x, y in out if text[x:y].strip()] or [(a, b)]
