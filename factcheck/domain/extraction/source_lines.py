"""Source lines: who speaks for a whole text, or for the paragraph above a dash credit.

* A byline ("By Jane Roe", or "by Jane Roe" under a story's title), a letter's signature under
  a close ("Yours,\\nBill") or a paper's author lines name the writer. When the body is
  written in the writer's own voice (first person outside quotes: essays, letters, speeches),
  the writer is the outermost source of every claim in it. A third-person report is not
  attributed to its byline: its reporter relays, not asserts.
* A dash credit ("— Jane Roe, on the budget") closes a quotation paragraph: the paragraph
  above it is the credited person's.

Hops from a source line carry no offsets (the mention is outside the claim's sentence), so
they are marked inherited like any carried-over source."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.domain.sources import SourceKind

from .carry import Unit
from .lexicon import load
from .mentions import classify
from .metadata import parse_byline
from .model import Attribution, Block, Hop
from .outlets import OutletTable
from .quotes import QuoteIndex

_FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us", "i'm", "i’m", "i've", "i’ve"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][a-z]+)?")
FIRST_PERSON_RATE = 0.01  # first-person words per word of body text outside quotes
_DASHES = "—–-"
_CREDIT_DASHES = "—–"
_MAX_NAME_WORDS = 6
_MAX_BYLINE_WORDS = 12  # "Jane Roe, John Poe and Ann Loe"


def _words(text: str, a: int, b: int, quotes: QuoteIndex) -> tuple[int, int]:
    """(words, first-person words) in text[a:b] outside direct quotes."""
    n = fp = 0
    for m in _WORD.finditer(text, a, b):
        if quotes.covering(m.start()):
            continue
        n += 1
        if m.group(0).lower() in _FIRST_PERSON:
            fp += 1
    return n, fp


def first_person_voice(text: str, body: Sequence[Block], quotes: QuoteIndex) -> bool:
    n = fp = 0
    for b in body:
        dn, dfp = _words(text, b.start, b.end, quotes)
        n += dn
        fp += dfp
    return n > 0 and fp / n >= FIRST_PERSON_RATE


def _name(s: str, max_words: int = _MAX_NAME_WORDS) -> str | None:
    s = s.strip().strip("[]()").strip(" ,.;")
    ws = s.split()
    if not ws or len(ws) > max_words or not ws[0][:1].isupper():
        return None
    return s


def signature(text: str, blocks: Sequence[Block]) -> str | None:
    """The name under a letter's close among the last blocks ("Sincerely,\\nJane Roe")."""
    closes = load("valedictions")
    lines: list[str] = []
    for b in blocks[-4:]:
        lines.extend(x.strip() for x in text[b.start : b.end].split("\n") if x.strip())
    for i, line in enumerate(lines):
        head, _, rest = line.partition(",")
        key = " ".join(_WORD.findall(head.lower()))
        if key not in closes or len(line) > 60:
            continue
        if rest.strip():
            return _name(rest)
        if i + 1 < len(lines):
            return _name(lines[i + 1])
    return None


_AFFILIATION = frozenset(
    [
        "university",
        "universidade",
        "universidad",
        "université",
        "universität",
        "department",
        "institute",
        "college",
        "faculty",
        "laboratory",
        "school",
        "centre",
        "center",
    ]
)


def _email_at(token: str) -> bool:
    at = token.find("@")
    return at > 0 and "." in token[at + 1 :]


def author_lines(text: str, blocks: Sequence[Block]) -> str | None:
    """Authors of a paper: the names on the lines under its title that carry an e-mail
    address ("Jane Roe jane.roe@uni.edu University of X") or sit above an affiliation."""
    lines: list[str] = []
    for b in blocks[:6]:
        lines.extend(x.strip() for x in text[b.start : b.end].split("\n") if x.strip())
    names: list[str] = []
    for i, line in enumerate(lines[1:8], start=1):
        ws = line.split()
        k = next((j for j, w in enumerate(ws) if _email_at(w)), -1)
        if 0 < k <= _MAX_NAME_WORDS:
            names.append(" ".join(ws[:k]))
            continue
        nxt = lines[i + 1].lower().split() if i + 1 < len(lines) else []
        if (
            i == 1
            and 2 <= len(ws) <= 10
            and "," in lines[2 if len(lines) > 2 else 1]
            and all(w[:1].isupper() or w in ("and", "&") for w in ws)
            and any(w.strip(",.") in _AFFILIATION for w in nxt)
        ):
            return _name(line, _MAX_BYLINE_WORDS)
    if not names:
        return None
    return names[0] + (" et al." if len(names) > 1 else "")  # one registry name, not a list


def writer(text: str, blocks: Sequence[Block], bylines: Sequence[Block]) -> str | None:
    academic = author_lines(text, blocks)
    if academic:
        return academic
    for b in bylines:
        parsed = parse_byline(text[b.start : b.end])
        name = _name(parsed[0], _MAX_BYLINE_WORDS) if parsed else None
        if name:
            return name  # "Ann Lee, Bo Chan and Cy Dunn": the writers together
    return signature(text, blocks)


def apply_writer(
    name: str, units: Sequence[Unit], out: list[Attribution | None], outlets: OutletTable
) -> None:
    """The writer as outermost source of each claim (own voice)."""
    hop = Hop(name, _kind(name, outlets), None, None, ())
    for i, _u in enumerate(units):
        a = out[i]
        if a is None or not a.chain:
            out[i] = Attribution(None, None, None, True, (hop,))
        elif a.chain[0].name != name:
            out[i] = Attribution(a.cue, a.cue_start, a.cue_end, a.inherited, (hop, *a.chain))


def _kind(name: str, outlets: OutletTable) -> SourceKind:
    k = classify(name, outlets)
    return k if k is not SourceKind.UNKNOWN else SourceKind.PERSON


def apply_dash_credits(
    text: str, units: Sequence[Unit], out: list[Attribution | None], outlets: OutletTable
) -> None:
    """`— Jane Roe, on the budget` under a paragraph: that paragraph is Jane Roe's."""
    for i, u in enumerate(units):
        s = text[u.start : u.end]
        if i == 0 or not s or not (s[0] in _DASHES or _after_line_dash(text, u.start)):
            continue
        if u.kind == "bullet" and (
            units[i - 1].kind == "bullet" or (i + 1 < len(units) and units[i + 1].kind == "bullet")
        ):
            continue  # an item of a dashed list, not a credit
        name = _name(s.lstrip(_DASHES).split(",")[0])
        if name is None:
            continue
        hop = Hop(name, _kind(name, outlets), None, None, ())
        block = units[i - 1].block
        j = i - 1
        while j >= 0 and units[j].block == block:
            if out[j] is None or not out[j].chain:  # type: ignore[union-attr]
                out[j] = Attribution(None, None, None, True, (hop,))
            j -= 1


def _after_line_dash(text: str, pos: int) -> bool:
    """Is text[pos] preceded on its line only by a dash (a list marker the layout took off)?"""
    lo = max(0, pos - 4)
    nl = text.rfind("\n", lo, pos)
    prefix = text[nl + 1 if nl >= 0 else lo : pos].strip()
    return len(prefix) == 1 and prefix in _CREDIT_DASHES and (nl >= 0 or lo == 0)
