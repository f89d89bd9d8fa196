"""A fast rule-based sentence splitter that keeps exact offsets.

Candidate boundaries are sentence-final punctuation (optionally followed by closing
quotes/brackets) plus whitespace. A candidate is rejected when the next word starts in
lower case, or when the token before the period is an abbreviation: titles ("Sen.",
"Dr."), initials ("J."), abbreviations before numbers ("No. 1", "Oct. 31"), and dotted
acronyms ("U.S.") unless the next word is a typical sentence opener ("The", "He").
Line breaks always end a sentence.

Linear time on any input: a candidate can only start at the first mark of a run
(the look-behind) and its quantifiers are possessive, so a line of 60,000 dots is
one candidate scanned once, not 60,000 candidates each rescanning the rest. A
"sentence" longer than ``MAX_SENTENCE`` characters (a line of dots, a text without
punctuation) is cut into pieces of at most that length, at whitespace where there
is some, so that everything after splitting does bounded work per sentence.
"""

from __future__ import annotations

import re

from factcheck.domain.spans import strip_span

from .lexicon import words

# never end a sentence after these (titles and honorifics)
TITLES = frozenset(
    words(
        "mr mrs ms mx dr prof sen sens rep reps gov gen lt col maj capt cpt cmdr adm sgt cpl "
        "pvt st ste mt ft rev fr hon pres supt insp det gov't messrs mme mlle sr jr esq amb "
        "atty vs v cf ca approx dept est fig figs op"
    )
)
# no boundary when followed by a number ("No. 5", "Oct. 31", "p. 12")
BEFORE_NUMBER = frozenset(
    words(
        "no nos nr art arts vol vols p pp ch chap sec sect para jan feb mar apr jun jul aug sep "
        "sept oct nov dec ed eds tel ex"
    )
)
# company / misc abbreviations that can also end a sentence
AMBIGUOUS = frozenset(["inc", "corp", "ltd", "co", "llc", "plc", "bros", "etc", "al", "jr", "sr"])
NEVER_BEFORE = frozenset({"e.g", "i.e", "viz", "a.k.a", "aka"})

# words that typically open a sentence: after "U.S." or "Inc." these mark a new sentence
OPENERS = frozenset(
    words(
        "the a an he she it they we i you his her its their our my this that these those there "
        "in on at for but and or so yet if when while after before as since although though "
        "because however meanwhile moreover still also then now today yesterday last earlier "
        "later no not what who why how where some many most all both each one two three several "
        "such according other another despite during under over with without by from to of"
    )
)

# GUM's longest gold sentence (tune and dev, 6,152 sentences) is 578 characters, its
# 99.9th percentile 467: a cut at 1,000 never splits a real sentence, and bounds the
# work that attribution does per sentence.
MAX_SENTENCE = 1000

_CAND = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]“]*+(?=\s)|\n")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT = re.compile(r"(?<!\s)\s*+([\"'“‘«(\[]*)(\S)")


def _is_boundary(text: str, pos: int, end_punct: int, limit: int) -> bool:
    """pos: index of the first punctuation char; end_punct: index after the candidate."""
    m = _NEXT.match(text, end_punct, limit)
    if m is None:
        return True
    nxt = m.group(2)
    opened = bool(m.group(1))
    if nxt.islower():
        return False
    punct = text[pos:end_punct]
    if punct[0] != "." or punct.startswith(".."):
        return True
    if punct.rstrip(".") != "" and not punct.startswith("."):
        return True
    # the token before the period
    wm = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    if wm is None:
        return True
    tok = wm.group(1).lstrip("\"'“‘([«")
    low = tok.lower()
    next_word = re.match(r"[\w’']+", text[m.start(2) : m.start(2) + 30])
    nw = next_word.group(0).lower() if next_word else ""
    if len(punct) > 1 and punct[1] in "\"'”’»)]":
        # "... U.S." — closing quote after the period ends the sentence
        return True
    if low in NEVER_BEFORE:
        return False
    if low in TITLES:
        return False
    if nxt.isdigit():
        return low not in BEFORE_NUMBER
    if low in BEFORE_NUMBER and low not in ("no", "ed", "ex"):
        # month abbreviations before a capital: "in Oct. The ..." ends a sentence
        return nw in OPENERS
    if len(tok) == 1 and tok.isalpha():
        # initial ("J. K. Rowling"), unless an obvious opener follows
        return tok.islower() or (nw in OPENERS and nw not in ("a", "i"))
    if "." in tok:
        # dotted acronym: U.S., a.m., Ph.D., K.C.
        return (nw in OPENERS and not opened) or opened
    if low in AMBIGUOUS:
        return nw in OPENERS or opened
    return True


# Pieces of one over-long "sentence" that attribution still reads. A run-on of
# thousands of characters is not a sentence a reporter wrote (a data dump, a
# pasted table, a hostile text); parsing every piece of it is where extraction
# spent its time on such inputs. The later pieces stay claims, unattributed.
ANALYSED_PIECES = 2


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside text[start:end], whitespace-trimmed, exact offsets."""
    return [(a, b) for a, b, _ in sentence_pieces(text, start, end)]


def sentence_pieces(text: str, start: int = 0, end: int | None = None,
                    ) -> list[tuple[int, int, int]]:
    """Like ``split_sentences``, with each span's piece number: 0 for a whole
    sentence or the first piece of an over-long one, then 1, 2, ..."""
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    s = start
    for m in _CAND.finditer(text, start, end):
        if m.group(0) == "\n":
            if s < m.start():
                spans.append((s, m.start()))
            s = m.end()
            continue
        if _is_boundary(text, m.start(), m.end(), end):
            spans.append((s, m.end()))
            s = m.end()
    if s < end:
        spans.append((s, end))
    out: list[tuple[int, int, int]] = []
    for a, b in spans:
        a, b = strip_span(text, a, b)
        if a < b:
            out.extend(bounded_pieces(text, a, b))
    return out


def bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span as it is, or cut into pieces when it is longer than ``MAX_SENTENCE``."""
    return [(a, b) for a, b, _ in bounded_pieces(text, start, end)]


def bounded_pieces(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """``bounded`` with each piece's number (0 for a span short enough to keep whole)."""
    if end - start <= MAX_SENTENCE:
        return [(start, end, 0)]
    return [(a, b, n) for n, (a, b) in enumerate(cut_long(text, start, end))]


def cut_long(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """text[start:end] in whitespace-trimmed pieces of at most ``limit`` characters,
    each cut at the last whitespace of its window (or at the limit when there is none)."""
    out: list[tuple[int, int]] = []
    a = start
    while a < end:
        b = min(end, a + limit)
        if b < end:
            ws = max(text.rfind(" ", a + limit // 2, b), text.rfind("\t", a + limit // 2, b))
            if ws > a:
                b = ws
        piece = strip_span(text, a, b)
        if piece[0] < piece[1]:
            out.append(piece)
        a = b
        while a < end and text[a].isspace():
            a += 1
    return out


def has_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a letter or digit: a run of dots, quote marks or
    brackets says nothing and is no claim."""
    return any(map(str.isalnum, text[start:end]))
