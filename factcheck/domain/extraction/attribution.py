"""Attribution inside one sentence: cue, source mention(s) and the local chain."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.domain.sources import SourceKind

from .cues import ACCORDING_RE, AUX, FORM_KIND, FORM_TO_LEMMA, NEEDS_CLAUSE, RELAY_RE
from .lexicon import words
from .mentions import (
    DETERMINERS,
    DOC_WORDS,
    classify,
    display_name,
    head_word,
    is_pronoun,
    looks_like_source,
    np_after,
)
from .outlets import OutletTable
from .quotes import QuoteIndex
from .subjects import prev_word, skip_aux_back, subject_span


@dataclass
class LHop:
    start: int
    end: int
    name: str
    kind: SourceKind
    hedges: list[str] = field(default_factory=list)
    pronoun: bool = False


@dataclass
class LAttr:
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    hops: list[LHop]
    role: str  # according_pre, according_post, pre, post, inverted, passive
    lemma: str = ""


_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w-])")
_NOUN_MODIFIERS = DETERMINERS | frozenset(
    words(
        "recent new latest initial early first such official earlier previous final annual "
        "police media news press court his her their its our my your whose of"
    )
)
_BE = frozenset(words("is are was were be been being am 's ’s 're ’re 'm ’m"))
_CLAUSE_START = re.compile(
    r"\s*(?:that\b|[,:]|[\"“]|(?:how|why|what|where|whether|when|who|which|if)\b)"
)
_ZERO_THAT = frozenset(
    words(
        "say tell think believe feel know claim argue insist add note warn explain state "
        "observe admit estimate reckon suspect fear predict guess assume suggest concede reveal"
    )
)
_INV_END = re.compile(
    r"\s*(?:[,.;:!?\"”)]|$|(?:to|in|on|at|during|after|before|when|while|from|with|of|who|as)\b)"
)
_PREPS = frozenset(words("in on at of by for from with to into over under about"))
_RULERS = frozenset(words("court courts judge judges justice justices tribunal panel jury referee"))
_TELL = frozenset({"tell", "inform", "brief", "assure"})
_PUB_OBJ = re.compile(
    r"\s*(?:in\s+an?\s+(?:interview|statement|post|email|letter|note)\s+(?:with|to)\s+|to\s+)"
)
_BY = re.compile(r"\s+by\s+")


def _hops_for(text: str, a: int, b: int, outlets: OutletTable) -> list[LHop]:
    """One mention, split into a chain when it is "X's sources" / "sources close to X"."""
    s = text[a:b]
    m = re.match(r"(.+?)(?:'s|’s|')\s+(.+)$", s)
    if m:
        owner, rest = m.group(1), m.group(2)
        hk = classify(owner, outlets)
        rk = classify(rest, outlets)
        if hk is SourceKind.PUBLICATION and rk is SourceKind.ANONYMOUS:
            oa, ob = a, a + len(owner)
            ra = a + m.start(2)
            return [
                LHop(oa, ob, display_name(owner, outlets), hk),
                LHop(ra, b, display_name(rest, outlets), rk),
            ]
    k = classify(s, outlets)
    return [LHop(a, b, display_name(s, outlets), k, pronoun=is_pronoun(s))]


def analyze_sentence(
    text: str, s: int, e: int, quotes: QuoteIndex, outlets: OutletTable
) -> list[LAttr]:
    found: list[LAttr] = []
    taken: list[tuple[int, int]] = []
    # "according to X", "in the words of X", "as reported by X"
    for m in ACCORDING_RE.finditer(text, s, e):
        if quotes.covering(m.start()):
            continue
        np = np_after(text, m.end(), e)
        if not np:
            continue
        a, b = np
        if not looks_like_source(text[a:b]) and not re.match(r"\s*(?:the\s+)?[A-Z]", text[a:b]):
            continue
        hops = _hops_for(text, a, b, outlets)
        _relay(text, b, e, hops, outlets)
        before = text[s : m.start()].strip(' "“”')
        role = "according_post" if before else "according_pre"
        found.append(LAttr(m.group(0), m.start(), m.end(), hops, role, "according to"))
        taken.append((m.start(), b))
    for m in _WORD.finditer(text, s, e):
        w = m.group(0)
        kind = FORM_KIND.get(w)
        if kind is None:
            continue
        cs, ce = m.start(), m.end()
        if any(x <= cs < y for x, y in taken) or quotes.covering(cs):
            continue
        la = _verb_attr(text, s, e, cs, ce, w, kind, outlets)
        if la is not None:
            found.append(la)
            for h in la.hops:
                taken.append((h.start, h.end))
    return found


def _verb_attr(
    text: str, s: int, e: int, cs: int, ce: int, w: str, kind: str, outlets: OutletTable
) -> LAttr | None:
    lemma = FORM_TO_LEMMA[w]
    pw = prev_word(text, s, cs)
    prev = pw[0].lower() if pw else ""
    if prev in _NOUN_MODIFIERS or (prev.endswith(("'s", "’s")) and w.endswith("s")):
        return None
    if (w == "told" and prev == "all") or prev == "to":
        return None
    after = text[ce:e]
    vend, skipped = skip_aux_back(text, s, cs)
    passive = any(x in _BE for x in skipped) and kind != "adjective"
    if kind == "adjective":
        if not any(x in _BE for x in skipped) or not re.match(
            r"\s*(?:that\b|about\b|[a-z]+\s)", after
        ):
            return None
        if not re.match(r"\s*that\b", after) and lemma not in (
            "concerned",
            "disappointed",
            "convinced",
            "sure",
        ):
            return None
    if passive:
        if re.match(r"\s*to\b", after):
            return None  # "is said to": a hedge
        bm = _BY.match(text, ce, e)
        if not bm:
            return None
        np = np_after(text, bm.end(), e)
        if not np or not looks_like_source(text[np[0] : np[1]]):
            return None
        return LAttr(w, cs, ce, _hops_for(text, np[0], np[1], outlets), "passive", lemma)
    # participle: "..., stating that", "saying"
    if (
        w.endswith("ing")
        and prev not in AUX
        and prev not in _BE
        and not re.match(r"\s*(?:that\b|[,:]|[\"“])", after)
        and lemma != "say"
    ):
        return None
    # inverted: `"...," said X.` / `..., said X, ...`
    before = text[s:cs].rstrip()
    if before.endswith((",", '"', "”", "’")) and vend == cs:
        np = np_after(text, ce, e, max_words=8)
        if (
            np
            and re.match(r"(?:the\s+|[A-Z]|he\b|she\b|they\b)", text[np[0] : np[1]])
            and _INV_END.match(text, np[1], e)
        ) and looks_like_source(text[np[0] : np[1]]):
            hops = _hops_for(text, np[0], np[1], outlets)
            _relay(text, np[1], e, hops, outlets)
            return LAttr(w, cs, ce, hops, "inverted", lemma)
    subj = subject_span(text, s, vend)
    if subj is None:
        return None
    a, b, content_before = subj
    stext = text[a:b]
    if not looks_like_source(stext, kind):
        return None
    first = stext.split()[0].lower()
    if first.endswith("ing") or first in _PREPS:
        return None
    if lemma == "rule" and head_word(stext) not in _RULERS:
        return None
    if re.match(r"\s+to\s", after) and lemma not in ("say", "tell", "state", "report", "add"):
        return None  # "claim to", "vow to", "promise to"
    if stext.split()[-1].lower() in ("who", "which", "that"):
        return None
    if lemma in NEEDS_CLAUSE and not content_before and not _CLAUSE_START.match(after):
        nxt = after.split()[:1]
        nw = nxt[0] if nxt else ""
        ok = (kind == "finding" and head_word(stext) in DOC_WORDS) or (
            lemma in _ZERO_THAT
            and (nw[:1].isupper() or nw.lower() in ("he", "she", "they", "we", "it", "the", "i"))
        )
        if not ok:
            return None
    if (
        kind in ("cognition", "adjective")
        and not content_before
        and not re.match(r"\s*(?:that\b|[a-zA-Z\"“])", after)
    ):
        return None
    hops = _hops_for(text, a, b, outlets)
    if lemma in _TELL:
        om = np_after(text, ce, e, max_words=8)
        if om and classify(text[om[0] : om[1]], outlets) is SourceKind.PUBLICATION:
            hops = _hops_for(text, om[0], om[1], outlets) + hops
    else:
        pm = _PUB_OBJ.match(text, ce, e)
        if pm:
            om = np_after(text, pm.end(), e, max_words=6)
            if om and classify(text[om[0] : om[1]], outlets) is SourceKind.PUBLICATION:
                hops = _hops_for(text, om[0], om[1], outlets) + hops
    _relay(text, b, cs, hops, outlets)
    _relay(text, ce, e, hops, outlets)
    hedges = [x for x in skipped if x in ("reportedly", "allegedly", "purportedly", "supposedly")]
    if hedges:
        hops[-1].hedges.extend(hedges)
    return LAttr(w, cs, ce, hops, "post" if content_before else "pre", lemma)


def _relay(text: str, pos: int, e: int, hops: list[LHop], outlets: OutletTable) -> None:
    """`X, quoting/citing Y` -> Y after X; `Y cited by X` -> X before Y (in place)."""
    m = RELAY_RE.search(text, pos, min(e, pos + 60))
    if not m or text[pos : m.start()].count(",") > 1:
        return
    np = np_after(text, m.end(), e, max_words=10)
    if not np:
        return
    new = _hops_for(text, np[0], np[1], outlets)
    if m.group(0).endswith("by"):
        hops[:0] = new
    else:
        hops.extend(new)
