"""Source lines: who speaks for a whole text, or for the paragraph above a dash credit.

* A byline ("By Jane Roe"), a letter's signature under a close ("Yours,\\nBill") or a paper's
  author lines name the writer. When the body is written in the writer's own voice (first
  person outside quotes: essays, letters, speeches), the writer is the outermost source of
  every claim in it, in their stretch of the text. A third-person report is not attributed
  to its byline: its reporter relays, not asserts.
* A dash credit ("— Jane Roe, on the budget") closes a quotation paragraph: the paragraph
  above it is the credited person's.

Hops from a source line carry no offsets (the mention is outside the claim's sentence), so
they are marked inherited like any carried-over source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.domain.sources import SourceKind

from .carry import Unit
from .lexicon import load
from .mentions import classify
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


@dataclass(frozen=True)
class Writer:
    """The writer a source line names, and the stretch of text that is theirs: a letter's
    text runs from its salutation up to its close, a paper's from under its author lines, a
    bylined text from under the byline. Letterhead, address, close and signature are the
    letter's frame, not claims its writer makes."""

    name: str
    start: int
    end: int
    byline: bool = False


def block_lines(text: str, blocks: Sequence[Block]) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) for the non-blank lines of the blocks."""
    out: list[tuple[int, int, str]] = []
    for b in blocks:
        pos = b.start
        for raw in text[b.start : b.end].split("\n"):
            line = raw.strip()
            if line:
                lead = pos + len(raw) - len(raw.lstrip())
                out.append((lead, lead + len(line), line))
            pos += len(raw) + 1
    return out


# "Dear Ms Roe,", "Hi Tom!", "To whom it may concern:", "Mum,": a short line that ends the
# letter's head
_SALUTATION = re.compile(
    r"^(?i:(?:my\s+)?dear(?:est)?|hi|hello|greetings|to\s+whom)\b[^\n]{0,60}[,:!]$"
    r"|^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}[,:]$"
)
_MAX_LETTER_HEAD_LINES = 8


def signature(text: str, blocks: Sequence[Block]) -> Writer | None:
    """The name under a letter's close among the last blocks ("Sincerely,\\nJane Roe")."""
    closes = load("valedictions")
    lines = block_lines(text, blocks[-4:])
    for i, (start, _end, line) in enumerate(lines):
        head, _, rest = line.partition(",")
        key = " ".join(_WORD.findall(head.lower()))
        if key not in closes or len(line) > 60:
            continue
        name = (
            _name(rest) if rest.strip() else _name(lines[i + 1][2]) if i + 1 < len(lines) else None
        )
        if name is None:
            return None
        return Writer(name, _salutation(text, blocks, start), start)
    return None


def _salutation(text: str, blocks: Sequence[Block], close: int) -> int:
    """Where a letter's text starts: at its salutation ("Dear Jane,"), when one opens it;
    the letterhead, addresses and date above it are its frame."""
    head = block_lines(text, blocks[:_MAX_LETTER_HEAD_LINES])[:_MAX_LETTER_HEAD_LINES]
    for start, end, line in head:
        if end >= close:
            break
        if _SALUTATION.match(line) and not line.lower().startswith(_CLOSE_WORDS):
            return start
    return 0


_CLOSE_WORDS = ("yours", "sincerely", "regards", "best", "love", "thanks", "cheers")
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


def author_lines(text: str, blocks: Sequence[Block]) -> Writer | None:
    """Authors of a paper: the names on the lines under its title that carry an e-mail
    address ("Jane Roe jane.roe@uni.edu University of X") or sit above an affiliation."""
    lines = block_lines(text, blocks[:6])
    names: list[str] = []
    last = 0
    for i, (_start, end, line) in enumerate(lines[1:8], start=1):
        ws = line.split()
        k = next((j for j, w in enumerate(ws) if _email_at(w)), -1)
        if 0 < k <= _MAX_NAME_WORDS:
            names.append(" ".join(ws[:k]))
            last = end
            continue
        nxt = lines[i + 1][2].lower().split() if i + 1 < len(lines) else []
        if (
            i == 1
            and 2 <= len(ws) <= 10
            and "," in lines[2 if len(lines) > 2 else 1][2]
            and all(w[:1].isupper() or w in ("and", "&") for w in ws)
            and any(w.strip(",.") in _AFFILIATION for w in nxt)
        ):
            name = _name(line, _MAX_BYLINE_WORDS)
            return Writer(name, lines[i + 1][1], len(text)) if name else None
    if not names:
        return None
    # one registry name, not a list
    return Writer(names[0] + (" et al." if len(names) > 1 else ""), last, len(text))


def writer(text: str, blocks: Sequence[Block], bylines: Sequence[Block]) -> Writer | None:
    academic = author_lines(text, blocks)
    if academic:
        return academic
    for b in bylines:
        line = text[b.start : b.end].strip()
        if line[:3].lower() == "by ":
            name = _name(
                line[3:].split(",")[0] if "," in line and " and " not in line else line[3:]
            )
            return Writer(name, b.end, len(text), byline=True) if name else None
    return signature(text, blocks)


def apply_writer(
    w: Writer,
    text: str,
    units: Sequence[Unit],
    out: list[Attribution | None],
    outlets: OutletTable,
) -> None:
    """The writer as outermost source of each claim in their stretch of the text (own
    voice). Under a byline, a sentence that names a writer is about them (a contributor's
    note, a licence line), not in their voice: a first-person writer says "I"."""
    hop = Hop(w.name, speaker_kind(w.name, outlets), None, None, ())
    own_names = _writer_names(w.name) if w.byline else []
    for i, u in enumerate(units):
        if u.start < w.start or u.start >= w.end:
            continue
        if own_names and any(n in text[u.start : u.end] for n in own_names):
            continue
        a = out[i]
        if a is None or not a.chain:
            out[i] = Attribution(None, None, None, True, (hop,))
        elif a.chain[0].name != w.name:
            out[i] = Attribution(a.cue, a.cue_start, a.cue_end, a.inherited, (hop, *a.chain))


def _writer_names(names: str) -> list[str]:
    """The full names in a writers' line ("Ann Lee, Bo Chan and Cy Dunn" -> each of them)."""
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names)
    return [p.strip() for p in parts if len(p.split()) >= 2]


def speaker_kind(name: str, outlets: OutletTable) -> SourceKind:
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
        hop = Hop(name, speaker_kind(name, outlets), None, None, ())
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
