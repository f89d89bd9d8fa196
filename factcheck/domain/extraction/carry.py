"""Carry-over across sentences: quotes, colon lead-ins, hedged follow-ups; pronouns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.domain.sources import SourceKind

from .attribution import LAttr, LHop
from .chains import build_chain
from .hedges import find_hedges, is_reporting_hedge
from .mentions import GOV_WORDS, ORG_WORDS, words_of
from .model import Attribution, Hop
from .quotes import QuoteIndex

_NAME_START = re.compile(
    r"(?:[A-Z][\w'’.-]+\s+){0,3}?((?:[A-Z][a-z][\w'’-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'’.-]+|al-\w+|de|van|von|bin|da))+)(?=\s*,|\s+[a-z])"
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


class _Names:
    def __init__(self) -> None:
        self.person: str | None = None
        self.group: str | None = None
        self.org: str | None = None

    def see_hop(self, h: LHop, name: str) -> None:
        if h.pronoun:
            return
        if h.kind is SourceKind.PERSON and any(w[:1].isupper() for w in words_of(name)):
            self.person = name
        elif h.kind in (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT, SourceKind.PUBLICATION):
            self.org = name
        elif h.kind is SourceKind.ANONYMOUS:
            self.group = name

    def see_text(self, text: str, u: Unit) -> None:
        m = _NAME_START.match(text, u.start, u.end)
        if m and m.start(1) == u.start:
            ws = {w.lower() for w in words_of(m.group(1))}
            if not ws & (ORG_WORDS | GOV_WORDS) and len(ws) <= 4:
                self.person = m.group(1)

    def resolve(self, pron: str) -> str | None:
        p = pron.lower()
        if p in ("he", "she", "i"):
            return self.person
        if p == "it":
            return self.org
        if p in ("they", "we"):
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
        u.hops, u.cue = build_chain(u.attrs)
        u.person = names.person
        u.hedges = find_hedges(text, u.start, u.end)
        for h in u.hops:
            if h.pronoun:
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
    return out


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
                break
            if v.kind == "paragraph" and text[v.start] not in '"“«':
                break
            if out[j] is None:
                out[j] = _inherit(a)
            j += 1
