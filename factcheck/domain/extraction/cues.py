"""Attribution cue lexicon: reporting, finding and cognition verbs in all their forms."""

from __future__ import annotations

import re

from .lexicon import words

# irregular forms: lemma -> (3sg, past, participle, gerund)
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "find": ("finds", "found", "found", "finding"),
    "show": ("shows", "showed", "shown", "showing"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "know": ("knows", "knew", "known", "knowing"),
    "admit": ("admits", "admitted", "admitted", "admitting"),
    "concur": ("concurs", "concurred", "concurred", "concurring"),
    "forecast": ("forecasts", "forecast", "forecast", "forecasting"),
    "foresee": ("foresees", "foresaw", "foreseen", "foreseeing"),
    "testify": ("testifies", "testified", "testified", "testifying"),
    "deny": ("denies", "denied", "denied", "denying"),
    "reply": ("replies", "replied", "replied", "replying"),
    "quip": ("quips", "quipped", "quipped", "quipping"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "put": ("puts", "put", "put", "putting"),
    "rule": ("rules", "ruled", "ruled", "ruling"),
}


def inflect(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ed", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ed", lemma + "ing")


SPEECH = words(
    "say tell state announce confirm deny claim add explain note write argue insist warn "
    "reiterate repeat declare reveal disclose admit acknowledge assert allege comment "
    "respond reply recall emphasize emphasise stress maintain contend testify tweet remark "
    "caution concede complain boast promise vow pledge mention observe report inform hint "
    "signal answer counter retort clarify recount quip joke lament concur conclude predict "
    "forecast estimate suggest indicate accuse brief assure propose recommend speculate "
    "affirm aver opine underline underscore highlight announce proclaim reason acknowledge "
    "charge insist allege specify confide stipulate divulge concede rule"
)
FINDING = words(
    "find show suggest indicate reveal conclude estimate demonstrate confirm prove "
    "determine establish calculate project document"
)
COGNITION = words("believe think feel fear know reckon suspect doubt worry guess assume")
ADJ_COGNITION = words(
    "concerned disappointed convinced confident worried sure certain adamant optimistic "
    "hopeful afraid aware pleased glad happy sad"
)

# verbs whose object is typically a noun phrase, not a claim: need "that", a quote, a colon
# or a postposed position to count as attribution
NEEDS_CLAUSE = frozenset(
    words(
        "add note answer counter signal hint report reveal disclose confirm deny admit charge "
        "accuse promise pledge vow recall mention recommend propose suggest indicate predict "
        "forecast estimate show find demonstrate prove determine establish calculate project "
        "document observe highlight underline underscore stress emphasize emphasise complain "
        "lament explain warn reason specify relate fear know doubt guess assume suspect worry "
        "feel rule announce"
    )
)

FORM_TO_LEMMA: dict[str, str] = {}
FORM_KIND: dict[str, str] = {}
for _kind, _lemmas in (("cognition", COGNITION), ("finding", FINDING), ("speech", SPEECH)):
    for _lemma in _lemmas:
        for _form in inflect(_lemma):
            FORM_TO_LEMMA[_form] = _lemma
            FORM_KIND[_form] = _kind
for _adj in ADJ_COGNITION:
    FORM_TO_LEMMA[_adj] = _adj
    FORM_KIND[_adj] = "adjective"

_forms = sorted(FORM_TO_LEMMA, key=len, reverse=True)
CUE_RE = re.compile(r"(?<![\w'’-])(?:" + "|".join(_forms) + r")(?![\w'’-])")
ACCORDING_RE = re.compile(
    r"(?<![\w-])(?:[Aa]ccording\s+to|[Ii]n\s+the\s+words\s+of|[Aa]s\s+(?:reported|quoted|cited)\s+by"
    r"|[Pp]er\s+(?=(?:the\s+)?[A-Z]))(?![\w-])"
)
RELAY_RE = re.compile(r"(?<![\w-])(?:quoting|citing|cited\s+by|quoted\s+by)(?![\w-])")

AUX = frozenset(
    words(
        "has have had is was were are be been being will would shall should can could may might "
        "must did does do also not never reportedly allegedly repeatedly previously recently "
        "later earlier publicly privately again then now once further too still already "
        "initially separately reportedly apparently last first just since today yesterday often "
        "frequently had've've 's 'd 'll ’s ’d ’ll am 'm ’m"
    )
)
FIRST_PERSON_COGNITION = re.compile(
    r"(?<![\w'’-])(?P<src>I|We|we)(?:'m|’m|'re|’re| am| are| do| really| also| still| just)?\s+"
    r"(?P<cue>think|thought|believe|believed|feel|felt|reckon|guess|suppose|know|knew|hope|"
    r"disappointed|convinced|sure|worried|concerned)(?![\w-])"
)
