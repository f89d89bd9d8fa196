"""Carry-over across sentences: quotes, colon lead-ins, hedged follow-ups; pronouns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.domain.sources import SourceKind

from .attribution import LAttr, LHop
from .chains import build_chain
from .hedges import find_hedges, is_reporting_hedge
from .mentions import (
    GOV_WORDS,
    ORG_WORDS,
    PERSON_HEADS,
    PERSONAL_PRONOUNS,
    head_word,
    words_of,
)
from .model import Attribution, Hop
from .outlets import PUBLICATION_WORDS
from .quotes import QuoteIndex

# a run of two to four capitalised words (a person's name, possibly with a title); it starts
# only at a word start, so a failed attempt costs one word, never a rescan
_NAME_RUN = re.compile(r"(?<![\w'’.-])[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){1,3}(?![\w'’-])")
_FIRST_PERSON = frozenset(["i", "me", "my"])
_ARTICLES = frozenset(["the", "a", "an"])
_OBJECT_PREPS = frozenset(["of", "in", "to", "from", "at", "by", "for", "with", "on"])
_NOT_NAME = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "in",
        "on",
        "at",
        "for",
        "but",
        "and",
        "as",
        "if",
        "when",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)


@dataclass
class Unit:
    start: int
    end: int
    block: int
    kind: str  # paragraph, bullet, numbered
    attrs: list[LAttr] = field(default_factory=list)
    hops: list[LHop] = field(default_factory=list)
    cue: LAttr | None = None
    inherited: Attribution | None = None
    hedges: list[tuple[str, int, int]] = field(default_factory=list)
    resolved: dict[int, str] = field(default_factory=dict)  # hop start -> resolved name
    person: str | None = None  # the last person named before this unit
    piece: int = 0  # which piece of an over-long sentence (sentences.ANALYSED_PIECES)


class _Names:
    def __init__(self) -> None:
        self.person: str | None = None
        self.group: str | None = None
        self.org: str | None = None

    def see_hop(self, h: LHop, name: str) -> None:
        if h.pronoun:
            return
        head = head_word(name)
        if h.kind is SourceKind.PERSON and head in PERSON_HEADS and head.endswith("s"):
            self.group = name  # "Critics say": a later "they", never a "he" or "his"
        elif h.kind is SourceKind.PERSON and any(w[:1].isupper() for w in words_of(name)):
            self.person = name
        elif h.kind in (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT, SourceKind.PUBLICATION):
            self.org = name
        elif h.kind is SourceKind.ANONYMOUS:
            self.group = name

    def see_text(self, text: str, u: Unit) -> None:
        """The last name-like run in the sentence is the person a later "he"/"she" means."""
        for m in _NAME_RUN.finditer(text, u.start, u.end):
            before = text[max(u.start, m.start() - 6) : m.start()].split()
            if before and before[-1] in _OBJECT_PREPS:
                continue  # "62% of South Koreans": an object, not a person who acts
            ws = words_of(m.group(0))
            if ws[0].lower() in _ARTICLES or (before and before[-1].lower() in _ARTICLES):
                continue  # "the Marshall Plan", "a Time Machine": a thing, not a person
            if "I" in ws:
                continue  # "So I", "Then I": a capitalised word before the speaker's "I"
            while ws and ws[0].lower() in _NOT_NAME:
                ws = ws[1:]
            low = {w.lower() for w in ws}
            if len(ws) >= 2 and not low & (ORG_WORDS | GOV_WORDS | PUBLICATION_WORDS):
                self.person = " ".join(ws)

    def resolve(self, pron: str) -> str | None:
        p = pron.lower()
        if p in PERSONAL_PRONOUNS:
            return self.person
        if p in ("it", "its"):
            return self.org
        if p in ("they", "we", "them", "us", "their", "our"):
            return self.group or self.org
        return None


def _to_attr(u: Unit, inherited: bool) -> Attribution:
    hops = []
    for h in u.hops:
        name = u.resolved.get(h.start, h.name)
        hops.append(
            Hop(
                name,
                h.kind,
                None if inherited else h.start,
                None if inherited else h.end,
                tuple(h.hedges),
                h.name if name != h.name else None,
            )
        )
    c = u.cue
    return Attribution(
        c.cue if c else None,
        c.cue_start if c else None,
        c.cue_end if c else None,
        inherited,
        tuple(hops),
    )


def _inherit(src: Attribution) -> Attribution:
    return Attribution(
        src.cue,
        src.cue_start,
        src.cue_end,
        True,
        tuple(Hop(h.name, h.kind, None, None, h.hedges, h.mention) for h in src.chain),
    )


def resolve(
    text: str, units: list[Unit], quotes: QuoteIndex, writer: str | None
) -> list[Attribution | None]:
    names = _Names()
    out: list[Attribution | None] = [None] * len(units)
    relay: Hop | None = None  # the last outlet this article relays
    for i, u in enumerate(units):
        u.hops, u.cue = build_chain([a for a in u.attrs if not a.quoted])
        u.person = names.person
        u.hedges = find_hedges(text, u.start, u.end)
        quoted_hops = [h for a in u.attrs if a.quoted for h in a.hops]
        for h in [*u.hops, *quoted_hops]:
            if h.pronoun:
                if h.name.lower() in _FIRST_PERSON and not quotes.covering(h.start):
                    # the narrator or the writer, never a person named before: only inside
                    # a quote is "I" the one quoted
                    continue
                r = names.resolve(h.name)
                if r:
                    u.resolved[h.start] = r
        for h in u.hops:
            names.see_hop(h, h.name)
        names.see_text(text, u)
        if u.hops:
            a = _to_attr(u, False)
            first = a.chain[0]
            if first.kind is SourceKind.PUBLICATION and first.name != writer:
                relay = Hop(first.name, first.kind, None, None, ())
            elif relay and any(is_reporting_hedge(h[0]) for h in u.hedges):
                a = Attribution(a.cue, a.cue_start, a.cue_end, False, (relay, *a.chain))
            out[i] = a
        elif relay and any(is_reporting_hedge(h[0]) for h in u.hedges):
            out[i] = Attribution(None, None, None, True, (relay,))
    _quotes(text, units, quotes, out)
    _hedged(units, out)
    _colons(text, units, out)
    _inside_quotes(units, out)
    return out


def _inside_quotes(units: list[Unit], out: list[Attribution | None]) -> None:
    """A quoted sentence nobody outside the quote speaks for keeps the quoted speaker's own
    cue ("'I doubt they will come.'" in a dialogue without a speech tag)."""
    for i, u in enumerate(units):
        inner = [a for a in u.attrs if a.quoted]
        if out[i] is not None or not inner:
            continue
        u.hops, u.cue = build_chain(inner)
        out[i] = _to_attr(u, False)


def _quotes(
    text: str, units: list[Unit], quotes: QuoteIndex, out: list[Attribution | None]
) -> None:
    starts = [u.start for u in units]
    import bisect

    for q in quotes.quotes:
        k0 = max(0, bisect.bisect_right(starts, q.start) - 1)
        covered = []
        k = k0
        while k < len(units) and units[k].start < q.end:
            u = units[k]
            ov = min(u.end, q.end) - max(u.start, q.start)
            if ov > 3 and ov >= 0.3 * (u.end - u.start):
                covered.append(k)
            k += 1
        if not covered:
            continue
        speaker: Attribution | None = None
        for k in covered:
            a = out[k]
            u = units[k]
            if a is None or a.inherited or not u.cue or u.cue.cue_start is None:
                continue
            cs, ce = u.cue.cue_start, u.cue.cue_end or u.cue.cue_start
            if ce <= q.start and len(text[ce : q.start]) <= 60:
                speaker = a
                break
            if cs >= q.end - 1 and len(text[q.end : cs]) <= 60:
                speaker = a
                break
        nxt = covered[-1] + 1
        after = units[nxt].cue if nxt < len(units) else None
        if speaker is None and after is not None and after.cue_start is not None:
            # `"...." Jane Roe said.`: the speaker's sentence follows the quote
            a = out[nxt]
            tail = text[units[nxt].start : units[nxt].end]
            if (
                a is not None
                and not a.inherited
                and 0 <= after.cue_start - q.end <= 60
                and len(tail.split()) <= 8
                and tail.rstrip().endswith(".")
                and units[nxt].block == units[covered[-1]].block
                # `"We will win," said Ruiz.` tags its own quote, not the one before it
                and not quotes.overlapping(units[nxt].start, after.cue_start)
            ):
                speaker = a
        if speaker is None:
            continue
        for k in covered:
            if out[k] is None:
                out[k] = _inherit(speaker)


def _hedged(units: list[Unit], out: list[Attribution | None]) -> None:
    last: tuple[int, Attribution] | None = None
    for i, u in enumerate(units):
        a = out[i]
        if a is not None and a.chain:
            if not a.inherited:
                last = (u.block, a)
            continue
        if last and u.block - last[0] <= 1 and any(is_reporting_hedge(h[0]) for h in u.hedges):
            out[i] = _inherit(last[1])


def _colons(text: str, units: list[Unit], out: list[Attribution | None]) -> None:
    for i, u in enumerate(units):
        a = out[i]
        if a is None or not a.chain or not text[u.start : u.end].rstrip().endswith(":"):
            continue
        j = i + 1
        while j < len(units) and units[j].block == u.block:
            j += 1
        first_block = units[j].block if j < len(units) else -1
        while j < len(units):
            v = units[j]
            if v.kind == "paragraph" and v.block != first_block:
                break  # the lead-in's content is the next paragraph, quoted or not
            if out[j] is None:
                out[j] = _inherit(a)
            j += 1
