"""Layout analysis: headline, dateline, headings, byline, sign-off, list items and
paragraphs, each as an exact (start, end) span of the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.domain.spans import strip_span

from .lexicon import words
from .metadata import AGENCY_CODE, DATE_RE, SITE_SIGNOFF, parse_byline
from .model import Block

BODY_KINDS = frozenset({"paragraph", "bullet", "numbered"})

_BULLET = re.compile(r"[-*•·▪◦‣–—●■►]\s+(?=\S)")
_NUMBERED = re.compile(r"(?:\(?\d{1,3}[.)]|\(?[a-hA-H][.)]|\([ivx]{1,4}\))\s+(?=\S)")
_MD_HEADING = re.compile(r"#{1,6}\s+(?=\S)")
_SIGNOFF = re.compile(
    r"^[(\[]?\s*(?:(?:Additional\s+)?[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Ee]dited|"
    r"[Ww]ritten|[Pp]roduced|[Ff]act[- ]check(?:ed)?)\s+by\b"
    r"|^(?:©|\(c\)\s|Copyright\b)|All rights reserved|^Our Standards:"
    r"|^[—–-]{1,2}\s*[A-Z][\w.&'’ \u00a0-]{1,40}(?:,\s*[A-Z][\w.&'’ \u00a0-]{1,40})?$"
    r"|^\(?(?:Reuters|AP|AFP|dpa|Yonhap|Xinhua|Bloomberg)\)?\.?$"
    r"|" + SITE_SIGNOFF.pattern
)
_DATELINE_LABEL = re.compile(r"^(?:Published|Updated|Posted|Last updated|Date)\b[:\s]", re.I)
_DATELINE_PREFIX = re.compile(
    r"(?P<place>[A-Z][\w.'’ \u00a0-]{0,40}?(?:,\s{0,3}[A-Z][\w.'’ \u00a0-]{0,30}?){0,3})"
    r"(?:,?\s{0,3}(?P<date>(?:[A-Z][a-z]{2,8}\.?\s{1,3}\d{1,2}(?:,\s{0,3}\d{4})?)"
    r"|(?:\d{1,2}\s{1,3}[A-Z][a-z]{2,8}(?:\s{1,3}\d{4})?)"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}))?"
    r"\s{0,3}(?P<outlet>\((?:[A-Z][\w.&'’ \u00a0-]{1,40})\))?\s{0,3}(?:[-—–]{1,2}|:)\s{1,3}(?=\S)"
)
# "Baltic Wire (31/10/2025): Dock workers ..." — an outlet and a date opening the story
_OUTLET_DATE_PREFIX = re.compile(
    r"(?P<outlet>[A-Z][\w.&'’ \u00a0-]{1,40}?)\s{0,3}"
    r"\((?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s{1,3}[A-Z][a-z]{2,8}\.?\s{1,3}\d{4}"
    r"|[A-Z][a-z]{2,8}\.?\s{1,3}\d{1,2},?\s{1,3}\d{4})\)"
    r"\s{0,3}(?:[-—–]{1,2}|:)\s{1,3}(?=\S)"
)
# datelines are short: the pattern is only tried on a line's first characters, so a
# long run of spaces in a first paragraph cannot make it backtrack over the whole line
DATELINE_WINDOW = 200
_TERMINAL = ".!?;:,\"”’'…)]"
# photo credits and captions: "Photo: Sam Ruiz/Agency", "(Picture by ...)", or a caption
# line that ends with its credit
_CAPTION = re.compile(
    r"^[(\[]?\s*(?:Photo(?:graph)?s?|Pictures?|Images?|Illustration|Video|Credit|Photo\s+credit)"
    r"\s*(?::|\s+by\s)"
    r"|\b(?:Photo(?:graph)?|Picture|Image|Credit)s?\s*:\s*[^.!?:]{1,80}[)\]]?$"
)
_QUOTE_MARKS = "\"“”«»„"
_QUESTION_OPENERS = frozenset(
    words(
        "what why how who whom whose where when which is are was were can could will would "
        "should does do did has have"
    )
)
_PERSONAL = frozenset(
    words("i i'm i’m i've i’ve me my mine we we're we’re us our ours you you're you’re your yours")
)
_REPLY_OPENERS = frozenset(
    words("yes no yeah yep nope well oh ah um uh sure absolutely because right okay ok so")
)


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    headline: Block | None = None
    datelines: tuple[Block, ...] = ()
    bylines: tuple[Block, ...] = ()
    signoffs: tuple[Block, ...] = ()
    dateline_outlet: str | None = None
    body: tuple[Block, ...] = field(default=())


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        a, b = strip_span(text, pos, nl)
        if a < b:
            out.append((a, b))
        pos = nl + 1
    return out


def _is_date_line(line: str) -> bool:
    if len(line) > 80:
        return False
    m = DATE_RE.search(line)
    if not m:
        return False
    if _DATELINE_LABEL.match(line):
        return True
    rest = (line[: m.start()] + line[m.end() :]).strip(" ,.-|—–()")
    rest = re.sub(
        r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[A-Z]{2,4})?\b|\bUTC\b|\bGMT\b|\bET\b", "", rest
    )
    return len(rest.strip(" ,.-|—–()")) <= 12


def _heading_like(line: str) -> bool:
    if len(line) > 90 or line[-1] in _TERMINAL:
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    return len(line.split()) <= 12


def _question_heading(line: str) -> bool:
    """A question shaped like a subheading ("What happens to deliveries?"): a plain
    wh- or yes/no question about a third party. One that addresses someone ("you"),
    speaks for the asker ("I", "we") or is a clipped turn of talk is conversation."""
    if len(line) > 90 or not line.endswith("?") or not line[0].isupper():
        return False
    if any(ch in line for ch in ":,;") or any(q in line for q in _QUOTE_MARKS):
        return False
    tokens = [w.strip("?.!").lower() for w in line.split()]
    if not 3 <= len(tokens) <= 10 or tokens[0] not in _QUESTION_OPENERS:
        return False
    return not any(w in _PERSONAL for w in tokens) and "?" not in line[:-1]


def _answers(line: str) -> bool:
    """Whether a paragraph opens like a reply in conversation ("Yes, ...", "I think")."""
    first = line.split(maxsplit=1)[0].strip(",.!").lower() if line.split() else ""
    return first in _PERSONAL or first in _REPLY_OPENERS


def analyze_layout(text: str) -> Layout:
    lines = _lines(text)
    blocks: list[Block] = []
    headline: Block | None = None
    datelines: list[Block] = []
    bylines: list[Block] = []
    signoffs: list[Block] = []
    dateline_outlet: str | None = None
    if not lines:
        return Layout(())
    # the headline is the first line that is not a date: "31/10/2025" above it is a dateline
    first = 0
    while first < min(3, len(lines) - 1) and _is_date_line(text[slice(*lines[first])]):
        dl = Block("dateline", *lines[first])
        datelines.append(dl)
        blocks.append(dl)
        first += 1
    s0, e0 = lines[first]
    l0 = text[s0:e0]
    if len(lines) > first + 1 and len(l0) <= 250 and l0[-1] not in ".;," and not parse_byline(l0):
        hm = _MD_HEADING.match(l0)
        hs = s0 + (hm.end() if hm else 0)
        headline = Block("headline", hs, e0)
        blocks.append(headline)
        first += 1
    kinds: list[str] = []
    spans: list[tuple[int, int]] = []
    for i in range(first, len(lines)):
        a, b = lines[i]
        line = text[a:b]
        kind = "paragraph"
        if _is_date_line(line):
            kind = "dateline"
        elif len(line) < 200 and _SIGNOFF.search(line):
            kind = "signoff"
        elif i == len(lines) - 1 and i > first and AGENCY_CODE.fullmatch(line):
            kind = "signoff"  # an agency's initials closing the story ("NPA")
        elif len(line) <= 100 and parse_byline(line) and (i - first < 4 or i >= len(lines) - 2):
            kind = "byline"
        elif len(line) < 300 and _CAPTION.search(line):
            kind = "caption"
        elif (hm := _MD_HEADING.match(line)) is not None:
            kind, a = "heading", a + hm.end()
        elif (bm := _BULLET.match(line)) is not None:
            kind, a = "bullet", a + bm.end()
        elif (nm := _NUMBERED.match(line)) is not None and len(line) > nm.end() + 2:
            kind, a = "numbered", a + nm.end()
        elif i < len(lines) - 1 and _heading_like(line):
            kind = "heading?"
        elif i < len(lines) - 1 and _question_heading(line):
            kind = "question?"
        kinds.append(kind)
        spans.append((a, b))
    # runs of three or more heading-like lines are a plain list, not headings
    i = 0
    while i < len(kinds):
        if kinds[i] != "heading?":
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] == "heading?":
            j += 1
        new = "paragraph" if j - i >= 3 else "heading"
        for k in range(i, j):
            kinds[k] = new
        i = j
    # a lone short question between paragraphs is a subheading ("What happens next?");
    # questions in a row are an exchange or a list of questions, and stay text
    for k, kind in enumerate(kinds):
        if kind == "question?":
            near = {kinds[k - 1] if k else "", kinds[k + 1] if k + 1 < len(kinds) else ""}
            reply = k + 1 < len(spans) and _answers(text[spans[k + 1][0] : spans[k + 1][1]])
            kinds[k] = "paragraph" if "question?" in near or k == 0 or reply else "heading"
    body: list[Block] = []
    seen_body = 0
    for kind, (a, b) in zip(kinds, spans, strict=True):
        if kind == "paragraph" and seen_body == 0:
            window = min(b, a + DATELINE_WINDOW)
            m = _OUTLET_DATE_PREFIX.match(text, a, window)
            if m is None or m.end() >= b:
                m = _DATELINE_PREFIX.match(text, a, window)
                if m is not None and not _looks_like_dateline(m):
                    m = None
            if m and m.end() < b:
                if m.group("outlet"):
                    dateline_outlet = " ".join(m.group("outlet").strip("()").split())
                dl = Block("dateline", a, m.end() - (m.end() - len(text[: m.end()].rstrip())))
                datelines.append(dl)
                blocks.append(dl)
                a = m.end()
        blk = Block(kind, a, b)
        blocks.append(blk)
        if kind in BODY_KINDS:
            body.append(blk)
            seen_body += 1
        elif kind == "dateline":
            datelines.append(blk)
        elif kind == "byline":
            bylines.append(blk)
        elif kind == "signoff":
            signoffs.append(blk)
    return Layout(
        tuple(blocks),
        headline,
        tuple(datelines),
        tuple(bylines),
        tuple(signoffs),
        dateline_outlet,
        tuple(body),
    )


def _looks_like_dateline(m: re.Match[str]) -> bool:
    place = m.group("place").strip()
    if not place:
        return False
    words = place.replace(",", " ").split()
    if len(words) > 8 or any(w[0].islower() for w in words if w not in ("de", "la", "el")):
        return False
    if m.group("outlet") or m.group("date"):
        return True
    if words[0].isupper() and len(words[0]) > 2:
        return True
    return "," in place and m.group(0).rstrip().endswith(("-", "—", "–"))
