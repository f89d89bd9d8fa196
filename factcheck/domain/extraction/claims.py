"""Claim kind and check-worthiness from hand-written linguistic features.

No statistical model: each feature below has a hand-set weight, summed and squashed to
0..1. Numbers, named entities, concrete past events and verifiable quantities raise the
score; opinion, speculation, first/second person rhetoric, questions and very short
utterances lower it."""

from __future__ import annotations

import itertools
import math
import re

from factcheck.domain.claims import ClaimKind

from .lexicon import words
from .metadata import DATE_RE

_NUM = re.compile(
    r"(?<![\w.,])(?:[$€£¥]\s?\d|\d[\d,.]*\s?(?:%|percent|per\s?cent|million|billion|trillion|bn|m\b)"
    r"|\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|\d+)"
)
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
_STAT_UNIT = re.compile(
    r"%|\bper\s?cent\b|\bpercent(?:age)?\b|\bmillions?\b|\bbillions?\b|\btrillions?\b|[$€£¥]\d"
    r"|\b(?:half|twice|double[sd]?|tripled?|quadrupled?|one[- ]third|two[- ]thirds|a\s+third"
    r"|a\s+quarter|majority|average|rate|ratio)\b",
    re.I,
)
_DAY_OF_MONTH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
)
_MAYBE_STAT = re.compile(
    r"[%$€£¥]|\d|illion|[Pp]er|[Hh]alf|[Tt]wice|[Dd]oubl|[Tt]ripl|[Qq]uadr|"
    r"[Tt]hird|[Qq]uarter|[Mm]ajority|[Aa]verage|[Rr]at[ei]"
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*")
# a date, a clock time or an ordinal ("21st century", "6th grade") is not a quantity:
# its numbers are blanked before counting
_NOT_QUANTITY = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.?m\.?(?![\w.])"
    r"|\b\d{1,2}(?:\s+or\s+\d{1,2})?\s+o[’']clock\b|\b\d+(?:st|nd|rd|th)\b",
    re.I,
)
# interpretation rather than report: what an event "suggests", "marks", "is seen as"
_ANALYSIS = re.compile(
    r"\b(?:suggests?|signals|underscores?|underlines|highlights|illustrates|epitomi[sz]es"
    r"|points?\s+to|amounts?\s+to|raises?\s+(?:questions|doubts|fears|concerns)"
    r"|casts?\s+(?:doubt|a\s+shadow)|calls?\s+into\s+question"
    r"|(?:is|are|was|were|be)(?:\s+(?:being|widely|increasingly|now|largely))?"
    r"\s+(?:seen|viewed|regarded|read|interpreted|perceived)\s+as"
    r"|marks?\s+(?:a|an|the)\s+(?:[a-z]+\s+){0,2}(?:failure|success|shift|turning\s+point"
    r"|setback|blow|victory|departure|milestone|break|change|defeat|win|step|moment|end|era)"
    r"|(?:a|an)\s+(?:[a-z]+\s+){0,2}(?:sign|signal|setback|blow|victory|defeat|embarrassment"
    r"|rebuke|test|reminder)\s+(?:for|to|of|that))\b",
    re.I,
)
# reporting verbs are past tense but say nothing about when the reported thing happens
_REPORTING_PAST = frozenset(words("said told reported announced"))
_PAST_WORDS = frozenset(
    words(
        "was were had did voted passed signed cut raised increased decreased rose fell grew "
        "declined dropped doubled lost won killed died created spent paid built closed opened "
        "elected appointed announced approved rejected vetoed launched arrested charged "
        "sentenced convicted fired hired invaded attacked reported released came went took "
        "gave made began left sent sold bought held met led ran told said found"
    )
)
_COMPARE_WORDS = frozenset(
    words(
        "more less fewer higher lower larger smaller largest smallest highest lowest most least "
        "record increase increased increases decrease decreased decreases rise rising fall "
        "falling growth decline than since only every none first last"
    )
)
_POLICY_WORDS = frozenset(
    words(
        "tax taxes budget deficit debt unemployment job jobs economy inflation spending income "
        "wage wages poverty crime insurance medicare medicaid vote voted votes voting law bill "
        "legislation program programs programme oil energy nuclear troops military war trade "
        "exports imports gdp price prices cost costs dollars population students schools "
        "pension loans salary salaries army percent"
    )
)
# ("so" and "right" are left out: mostly discourse markers, "So, ...", "right now")
_EVAL_WORDS = frozenset(
    words(
        "great greatest terrible wonderful best worst wrong good bad better worse "
        "important beautiful tremendous disgrace disgraceful ridiculous outrageous fantastic "
        "horrible amazing excellent strong stronger weak weaker unfair fair dangerous failed "
        "failure mistake believe hope love proud honor honour value values freedom dream "
        "leadership future change respect deserve deserves deserved opportunity should really "
        "very"
    )
)
# (address forms such as "ladies and gentlemen" or "folks" are left out: they open
# sentences of any kind, and say nothing about the content)
_SOCIAL_WORDS = frozenset(
    words(
        "thank thanks congratulations congratulate pleasure privilege glad welcome hello "
        "applause laughter"
    )
)
_SPEC_WORDS = frozenset(words("may might could perhaps maybe possibly probably if"))
_MODAL_WORDS = frozenset(words("should must let's"))
_MODAL_BIGRAMS = frozenset(
    [
        ("ought", "to"),
        ("need", "to"),
        ("needs", "to"),
        ("have", "to"),
        ("has", "to"),
        ("let", "us"),
        ("got", "to"),
        ("going", "to"),
    ]
)
_FUTURE_WORDS = frozenset(
    words("will won't shall forecast forecasts projected predicts predict would")
)
_FUTURE_BIGRAMS = frozenset(
    [
        ("expected", "to"),
        ("set", "to"),
        ("plans", "to"),
        ("plan", "to"),
        ("likely", "to"),
        ("next", "year"),
        ("next", "week"),
        ("next", "month"),
        ("next", "decade"),
    ]
)
_FP_VERBS = frozenset(
    words(
        "think believe feel hope want wish know guess suppose am 'm ’m will would can must "
        "need should don't"
    )
)
_NUMBER_WORD_SET = frozenset(
    words(
        "hundred hundreds thousand thousands dozen dozens two three four five six seven eight "
        "nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety"
    )
)
_YOU = frozenset(words("you your you're you’re you've yourself"))


def _without_dates(s: str) -> str:
    if not any(map(str.isdigit, s)):  # (map: no Python frame per character)
        return s
    s = DATE_RE.sub(lambda m: " " * len(m.group(0)), s)
    return _NOT_QUANTITY.sub(lambda m: " " * len(m.group(0)), s)


def features(s: str) -> dict[str, float]:
    toks = _TOKEN.findall(s)
    lw = [t.lower() for t in toks]
    nw = len(s.split())
    undated = _without_dates(s)
    nums = _NUM.findall(undated)
    dates = len(_DAY_OF_MONTH.findall(undated))
    years = _YEAR.findall(s)
    non_year_nums = max(0, len(nums) - len(_YEAR.findall(undated)) - dates)
    proper = sum(1 for t in toks[1:] if t[0].isupper() and t != "I")
    bigrams = set(itertools.pairwise(lw))
    past = sum(1 for w in lw if w in _PAST_WORDS or (len(w) > 5 and w.endswith("ed")))
    fp = sum(1 for a, b in bigrams if a in ("i", "we") and b in _FP_VERBS)
    if ("my", "view") in bigrams or ("my", "opinion") in bigrams:
        fp += 1
    modal = sum(1 for w in lw if w in _MODAL_WORDS) + len(bigrams & _MODAL_BIGRAMS)
    future = sum(1 for w in lw if w in _FUTURE_WORDS) + len(bigrams & _FUTURE_BIGRAMS)
    return {
        "num": min(non_year_nums, 3),
        "year": min(len(years), 2),
        "stat": min(len(_STAT_UNIT.findall(undated)), 2) if _MAYBE_STAT.search(undated) else 0,
        "numword": min(sum(1 for w in lw if w in _NUMBER_WORD_SET), 2),
        "past": min(past, 3),
        "compare": min(sum(1 for w in lw if w in _COMPARE_WORDS), 3),
        "policy": min(sum(1 for w in lw if w in _POLICY_WORDS), 3),
        "proper": min(proper, 4),
        "fp_opinion": min(fp, 2),
        "you": min(sum(1 for w in lw if w in _YOU), 2),
        "modal": min(modal, 2),
        "future": min(future, 2),
        "eval": min(sum(1 for w in lw if w in _EVAL_WORDS), 3),
        "social": min(sum(1 for w in lw if w in _SOCIAL_WORDS), 1),
        "spec": min(sum(1 for w in lw if w in _SPEC_WORDS), 2),
        "question": 1.0 if s.rstrip().endswith("?") else 0.0,
        "short": 1.0 if nw < 6 else 0.0,
        "long": min(nw, 40) / 40.0,
        "analysis": 1.0 if _ANALYSIS.search(s) else 0.0,
        "event_past": min(sum(1 for w in lw if w not in _REPORTING_PAST and (
            w in _PAST_WORDS or (len(w) > 5 and w.endswith("ed")))), 3),
    }


WEIGHTS = {
    "num": 1.1,
    "year": 0.6,
    "stat": 0.9,
    "numword": 0.8,
    "past": 0.35,
    "compare": 0.2,
    "policy": 0.3,
    "proper": 0.15,
    "fp_opinion": -0.9,
    "you": -0.35,
    "modal": -0.6,
    "future": -0.3,
    "eval": -0.35,
    "social": -1.5,
    "spec": -0.3,
    "question": -1.2,
    "short": -1.0,
    "long": 0.8,
    "analysis": -0.4,
    "event_past": 0.0,  # used for the kind only
}
BIAS = -0.9


def checkworthiness(
    s: str, attributed: bool = False, quote: bool = False, f: dict[str, float] | None = None
) -> float:
    """0..1: how much a sentence is worth checking (hand-set feature weights)."""
    if f is None:
        f = features(s)
    z = BIAS + sum(w * f.get(k, 0.0) for k, w in WEIGHTS.items())
    if attributed:
        z += 0.2
    if quote:
        z -= 0.2
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def claim_kind(
    s: str, quote_share: float, attributed: bool, f: dict[str, float] | None = None
) -> ClaimKind:
    stripped = s.rstrip()
    if stripped.endswith(":") or len(s.split()) < 3:
        return ClaimKind.OTHER
    if quote_share >= 0.5:
        return ClaimKind.QUOTE
    if f is None:
        f = features(s)
    if f["question"]:
        return ClaimKind.OTHER
    numeric = f["stat"] or f["num"] >= 2 or (f["num"] and f["compare"])
    if f["analysis"] and not (f["stat"] or f["num"]):
        return ClaimKind.OPINION  # analysis and interpretation
    if numeric:
        return ClaimKind.STATISTICAL
    if f["fp_opinion"] or (f["modal"] and not f["past"]) or f["eval"] >= 2:
        return ClaimKind.OPINION
    if f["future"] and not f["event_past"]:
        return ClaimKind.PREDICTION
    return ClaimKind.FACTUAL
