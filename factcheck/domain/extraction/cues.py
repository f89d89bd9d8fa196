"""Attribution cue lexicon: every inflected form of the cue lemmas in ``lexicon/*.txt``,
mapped to its lemma and typology category (PARC 3.0 / PDTB attribution)."""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import load

# irregular and consonant-doubling forms: lemma -> (3sg, past, participle, gerund)
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "find": ("finds", "found", "found", "finding"),
    "show": ("shows", "showed", "shown", "showing"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "know": ("knows", "knew", "known", "knowing"),
    "understand": ("understands", "understood", "understood", "understanding"),
    "mean": ("means", "meant", "meant", "meaning"),
    "hear": ("hears", "heard", "heard", "hearing"),
    "see": ("sees", "saw", "seen", "seeing"),
    "read": ("reads", "read", "read", "reading"),
    "teach": ("teaches", "taught", "taught", "teaching"),
    "hold": ("holds", "held", "held", "holding"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "forget": ("forgets", "forgot", "forgotten", "forgetting"),
    "learn": ("learns", "learned", "learnt", "learning"),
    "dream": ("dreams", "dreamed", "dreamt", "dreaming"),
    "bet": ("bets", "bet", "bet", "betting"),
    "put": ("puts", "put", "put", "putting"),
    "forecast": ("forecasts", "forecast", "forecast", "forecasting"),
    "admit": ("admits", "admitted", "admitted", "admitting"),
    "concur": ("concurs", "concurred", "concurred", "concurring"),
    "plan": ("plans", "planned", "planned", "planning"),
    "make": ("makes", "made", "made", "making"),
    "prefer": ("prefers", "preferred", "preferred", "preferring"),
    "regret": ("regrets", "regretted", "regretted", "regretting"),
    "submit": ("submits", "submitted", "submitted", "submitting"),
    "blog": ("blogs", "blogged", "blogged", "blogging"),
    "quip": ("quips", "quipped", "quipped", "quipping"),
    "snap": ("snaps", "snapped", "snapped", "snapping"),
    "refer": ("refers", "referred", "referred", "referring"),
    "testify": ("testifies", "testified", "testified", "testifying"),
    "deny": ("denies", "denied", "denied", "denying"),
    "reply": ("replies", "replied", "replied", "replying"),
    "cry": ("cries", "cried", "cried", "crying"),
    "imply": ("implies", "implied", "implied", "implying"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "rule": ("rules", "ruled", "ruled", "ruling"),
    "judge": ("judges", "judged", "judged", "judging"),
    "have": ("has", "had", "had", "having"),
    "take": ("takes", "took", "taken", "taking"),
    "keep": ("keeps", "kept", "kept", "keeping"),
    "bear": ("bears", "bore", "borne", "bearing"),
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


@dataclass(frozen=True)
class VerbCue:
    lemma: str
    category: str  # assertion, belief, finding, eventuality
    particle: str = ""  # "for" in "call for", "out" in "point out"


# category order = precedence when a lemma is in several lists
VERB_CATEGORIES = ("assertion", "belief", "finding", "eventuality")
VERB_FORMS: dict[str, list[VerbCue]] = {}
for _cat in VERB_CATEGORIES:
    for _entry in load(f"{_cat}_verbs"):
        _lemma, _, _particle = _entry.partition(" ")
        for _form in inflect(_lemma):
            VERB_FORMS.setdefault(_form, []).append(VerbCue(_lemma, _cat, _particle))
for _cues in VERB_FORMS.values():
    _cues.sort(key=lambda c: not c.particle)  # "call for" before "call"

ADJECTIVE_CUES = frozenset(load("belief_adjectives"))
NOUN_CUES: dict[str, str] = {}
for _n in load("noun_cues"):
    NOUN_CUES[_n] = _n
    if not _n.endswith("s"):
        NOUN_CUES[_n + "s"] = _n
QUOTATIVES = frozenset(load("quotatives"))
RELAY_FORMS = frozenset(f for lemma in load("relay_verbs") for f in inflect(lemma))
SUPPORT_FORMS = frozenset(f for lemma in load("support_verbs") for f in inflect(lemma))

# every lower-cased word that can start an attribution: a sentence without one is not parsed
TRIGGERS = (
    frozenset(VERB_FORMS) | ADJECTIVE_CUES | frozenset(NOUN_CUES) | QUOTATIVES | {"according"}
)

# Trigger words that cue nothing without a particular word after them: a sentence whose only
# trigger words are these, without that word, is not parsed (attribution.py's rules would
# find nothing in its parse). Verb forms whose every cue has a particle ("make" only in
# "make sure", "point" only in "point out"), mapped to those particles; and quotatives
# ("like"), which cue only before a comma, colon or quote mark ("she was like, ...").
_OTHER_CUES = ADJECTIVE_CUES | frozenset(NOUN_CUES) | {"according"}
NEEDS_PARTICLE: dict[str, frozenset[str]] = {
    form: frozenset(c.particle for c in cues)
    for form, cues in VERB_FORMS.items()
    if all(c.particle for c in cues) and form not in _OTHER_CUES | QUOTATIVES
}
BARE_QUOTATIVES = QUOTATIVES - _OTHER_CUES - frozenset(VERB_FORMS)
