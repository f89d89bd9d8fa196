"""Text to index terms, the same way for a stored claim and for a query.

Posts and articles carry noise that says nothing about the claim: links,
@handles, the "— Name (@handle) date" line of an embedded post, hashtags
run together ("#NoMoreWars"). Terms are lowercase ASCII letters and
digits only, so a term can never carry search-engine syntax."""

from __future__ import annotations

import re
import unicodedata

from factcheck.domain.matching.stemming import stem

_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:pic\.twitter\.com|t\.co|bit\.ly)/\S+",
                  re.IGNORECASE)
# The signature line of an embedded post: "— Name (@handle) January 8, 2020".
_SIGNATURE_DATE = re.compile(
    r"\(@\w{1,30}\)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},"
    r"\s+\d{4}", re.IGNORECASE)
# A handle in the text names someone ("@CityCouncil says..."): split it into
# words like a hashtag. The one in a post's signature "(@handle)" is dropped.
_MENTION = re.compile(r"(?<!\()@(\w+)")
_HANDLE = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER_GROUP = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
MAX_TERMS = 400
MAX_TERM_LENGTH = 40

# Words that occur in nearly every claim and never decide a match.
_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your
yours yourself yourselves rt via amp s t re ve ll d m don doesn didn isn wasn aren weren
says said say told tell just like get got gets one new us via people
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _split_tag(tag: str) -> str:
    return " ".join(_CAMEL.findall(tag)) or tag


def clean(text: str) -> str:
    """The text with links and post signatures removed, hashtags and
    mentions split into words; case kept (the splitting needs it)."""
    text = _URL.sub(" ", text)
    text = _SIGNATURE_DATE.sub(" ", text)
    text = _MENTION.sub(lambda match: " " + _split_tag(match.group(1)) + " ", text)
    text = _HANDLE.sub(" ", text)
    text = _HASHTAG.sub(lambda match: " " + _split_tag(match.group(1)) + " ", text)
    return _NUMBER_GROUP.sub("", text.replace("’", "'"))


def terms(text: str) -> list[str]:
    """Index terms in order (repeats kept: term frequency matters)."""
    found: list[str] = []
    for word in _WORD.findall(_ascii(clean(text)).lower()):
        word = word.split("'", 1)[0]
        if word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
            continue
        found.append(stem(word[:MAX_TERM_LENGTH]))
        if len(found) >= MAX_TERMS:
            break
    return found
