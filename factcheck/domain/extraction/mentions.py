"""Source mentions: telling the kind of a source noun phrase (person, outlet, document ...)."""

from __future__ import annotations

import re

from factcheck.domain.sources import SourceKind

from .lexicon import words
from .outlets import PUBLICATION_WORDS, OutletTable

DETERMINERS = frozenset(
    words(
        "the a an this that these those its his her their our my your some many most several "
        "other another both all each any no such one two three four five six seven eight nine "
        "ten dozens hundreds thousands few"
    )
)
PRONOUNS = {"he": "m", "she": "f", "they": "p", "we": "p", "i": "s", "it": "n", "you": "s",
            # object forms: "according to him", "quoted her as saying"
            "him": "m", "her": "f", "them": "p", "us": "p", "me": "s",
            # possessors of a noun cue: "his claim that", "in their words"
            "his": "m", "their": "p", "its": "n", "our": "p", "my": "s"}
PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "him", "her", "me", "his", "my"})
ANON_HEADS = frozenset(
    words(
        "source sources official officials insider insiders aide aides diplomat diplomats "
        "people person someone individual individuals employee employees staffer staffers "
        "figure figures"
    )
)
PERSON_HEADS = frozenset(
    words(
        "spokesman spokeswoman spokesperson minister president ambassador senator governor "
        "coach professor officer secretary chairman chairwoman chair ceo executive director "
        "chief prosecutor judge general captain mayor leader member curator editor analyst "
        "analysts expert experts researcher researchers scientist scientists doctor doctors "
        "witness witnesses resident residents critic critics observer observers lawyer lawyers "
        "attorney attorneys investigator investigators economist economists student students "
        "teacher teachers manager founder owner player players fan fans author historian "
        "commander commanders activist activists police parents mother father man woman men "
        "women girls boys representative representatives adviser advisers advisor advisors "
        "envoy negotiator negotiators lawmaker lawmakers legislator legislators candidate "
        "voters citizens victim victims survivor survivors driver pilot colleague colleagues "
        "friend friends neighbor neighbours neighbors agent agents worker workers organizer "
        "organizers organisers pilgrims participants supporters opponents politician "
        "politicians commentator commentators reporter reporters journalist journalists "
        "correspondent prefect premier chancellor sheriff coroner"
    )
)
GOV_WORDS = frozenset(
    words(
        "government ministry department administration kremlin pentagon police military army "
        "navy authorities authority council parliament congress senate court courts embassy "
        "commission cabinet presidency municipality city crown regime junta state prosecutors "
        "tribunal judiciary house office bureau agency forces cia fbi nsa"
    )
)
DOC_WORDS = frozenset(
    words(
        "report reports study studies survey surveys poll polls memo memorandum letter estimate "
        "statement statements document documents data figures results analysis website filing "
        "filings records statistics research paper census review audit assessment estimates "
        "findings cable email emails transcript indictment complaint lawsuit ruling order "
        "decree resolution bill law guidelines minutes note notes release readout communique "
        "communiqué text draft proposal plan budget forecast projections numbers count tally "
        "study's evidence investigation probe footage video recording book article blog"
    )
)
SOCIAL_WORDS = frozenset(
    words(
        "twitter facebook instagram tiktok telegram youtube weibo tweet tweets post posts x.com "
        "truth social reddit"
    )
)
ORG_WORDS = frozenset(
    words(
        "company firm group association associations organization organisation organizations "
        "union party foundation institute university church corporation inc inc. corp corp. ltd "
        "ltd. bank team club federation committee ngo charity board league alliance coalition "
        "movement society center centre hospital school college airline maker manufacturer "
        "group's consortium operator exchange fund network"
    )
)
ROLE_WORDS = PERSON_HEADS | frozenset(["mr", "mrs", "ms", "dr", "sir", "lord", "dame", "rev"])

_TOKEN = re.compile(r"[\w][\w.'’&-]*")


def words_of(s: str) -> list[str]:
    return _TOKEN.findall(s)


def has_proper(s: str) -> bool:
    ws = words_of(s)
    for i, w in enumerate(ws):
        if w[0].isupper() and not (i == 0 and w.lower() in DETERMINERS) and w.lower() != "i":
            return True
    return False


_HEAD_STOP = frozenset(words("of by from at in for on with to who which that released published"))
# "people familiar with the talks", "sources close to the minister": an adjective phrase
# after the noun, the way news describes whom it may not name
_AFTER_HEAD = frozenset(words("familiar close knowledgeable aware privy"))
_AFTER_HEAD_PREPS = frozenset(words("with to about of on"))


def head_word(s: str) -> str:
    """Head noun: the last word before a preposition, relative pronoun or participle."""
    ws = words_of(s)
    head = ""
    for i, w in enumerate(ws):
        lw = w.lower()
        if i > 0 and (
            lw in _HEAD_STOP
            or (
                # "the report released by ...": a participle after the head; "a leaked
                # memo", "the newly published study": before it, a modifier
                w.islower()
                and lw.endswith(("ed", "ing"))
                and len(lw) > 4
                and ws[i - 1].lower() not in DETERMINERS
                and not ws[i - 1].lower().endswith("ly")
            )
            or (
                lw in _AFTER_HEAD
                and i + 1 < len(ws)
                and ws[i + 1].lower() in _AFTER_HEAD_PREPS
            )
        ):
            break
        head = lw
    return head.replace("’", "'").removesuffix("'s")


def is_pronoun(s: str) -> bool:
    return s.lower() in PRONOUNS


def classify(s: str, outlets: OutletTable) -> SourceKind:
    """The source kind of a mention (cached on the outlet table)."""
    cache = outlets.kind_cache
    kind = cache.get(s)
    if not isinstance(kind, SourceKind):
        kind = _classify(s, outlets)
        if len(cache) < 100_000:
            cache[s] = kind
    return kind


def _classify(s: str, outlets: OutletTable) -> SourceKind:
    ws = words_of(s)
    if not ws:
        return SourceKind.UNKNOWN
    low = [w.lower() for w in ws]
    if len(ws) == 1 and low[0] in PRONOUNS:
        return SourceKind.PERSON if low[0] in PERSONAL_PRONOUNS else SourceKind.UNKNOWN
    if outlets.lookup(s):
        return SourceKind.PUBLICATION
    head = head_word(s)
    lowset = set(low)
    if lowset & SOCIAL_WORDS and (head in SOCIAL_WORDS or "on" in lowset):
        return SourceKind.SOCIAL_MEDIA
    if head in DOC_WORDS:
        return SourceKind.DOCUMENT
    proper = has_proper(s)
    if head in ANON_HEADS and not _has_person_name(ws):
        return SourceKind.ANONYMOUS
    if head in (
        "media",
        "newspaper",
        "broadcaster",
        "outlet",
        "paper",
        "magazine",
        "daily",
        "tabloid",
    ) or (proper and head in PUBLICATION_WORDS):
        return SourceKind.PUBLICATION
    if head in PERSON_HEADS or _person_suffix(head):
        return SourceKind.PERSON
    if head in GOV_WORDS or (lowset & {"ministry", "government", "department", "police"}):
        return SourceKind.GOVERNMENT
    if head in ORG_WORDS:
        return SourceKind.ORGANIZATION
    if head in PERSON_HEADS or _has_person_name(ws):
        return SourceKind.PERSON
    if proper and len(ws) == 1 and ws[0].isupper() and len(ws[0]) > 1:
        return SourceKind.ORGANIZATION
    if proper:
        return SourceKind.PERSON if len(ws) <= 4 else SourceKind.ORGANIZATION
    return SourceKind.UNKNOWN


def _person_suffix(head: str) -> bool:
    """forecaster, spokesperson, investor, economist, historian, ..."""
    return (
        len(head) > 5
        and head.islower()
        and head.endswith(
            ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "person", "people")
        )
        and head not in _NOT_PERSON
    )


_NOT_PERSON = frozenset(
    words(
        "number numbers order orders paper papers water letter letters center centre power "
        "border borders report matter meter chamber minister"
    )
)


def _has_person_name(ws: list[str]) -> bool:
    caps = [w for w in ws if w[0].isupper() and w.lower() not in DETERMINERS]
    if len(caps) >= 2 and not any(w.lower() in ORG_WORDS | GOV_WORDS for w in ws):
        return True
    return (
        any(w.lower().rstrip(".") in ROLE_WORDS for w in ws) and bool(caps) and ws[-1][0].isupper()
    )


def display_name(s: str, outlets: OutletTable) -> str:
    canon = outlets.lookup(s)
    if canon:
        return canon
    name = re.sub(r"^(?:the|The|a|A|an|An)\s+", "", s.strip())
    return re.sub(r"(?:'s|’s)$", "", name)
