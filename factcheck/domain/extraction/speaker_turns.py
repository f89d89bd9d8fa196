"""Speaker turns: who speaks for each stretch of a transcript.

A debate, a hearing or an interview is often written as turns: "JONES: Crime fell by a
fifth." Everything after a speaker's label, up to the next label, is that speaker's: its
sentences carry no speech verb, yet every one of them is the speaker's claim. That is the
convention fact-checkers work on most (debates, floor speeches, press conferences).

A line that opens with "Words:" is a turn label only when the text reads as a transcript:
at least two labelled lines, and either one label comes back (people take turns) or every
label is written in capitals (the transcript convention "SEN. WARREN:"). A list of places
or a fact box ("Budget: $4 million") has neither. Standing labels of news copy ("Update:",
"Photo:", "Source:") are never speakers. A turn ends at the next label or at a heading.

Like the other source lines (bylines, signatures), a speaker's hop carries no offsets: the
label is outside the claim's sentence. A first-person source inside a turn ("I think ...")
is the speaker."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .carry import Unit
from .lexicon import load
from .model import Attribution, Block, Hop
from .outlets import OutletTable
from .source_lines import block_lines, speaker_kind

# One to four capitalised words, then a colon and the words spoken. Every repetition is
# bounded and no two can match the same characters, so a failed match costs one line's
# first hundred characters at most.
_LABEL = re.compile(
    r"([A-Z][A-Za-z.'’-]{0,24}(?:[ \t]+[A-Z][A-Za-z.'’-]{0,24}){0,3})[ \t]{0,4}:(?:[ \t]+(?=\S)|$)"
)
_LABEL_SPAN = 110  # characters of a line a label may take
_NAME_WORD = re.compile(r"[A-Z][a-z][\w'’-]*")
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_TURN_BLOCKS = frozenset({"paragraph", "bullet", "numbered"})
# "MODERATOR: Good evening" opening a paragraph reads to the layout like "LONDON: ..."; as a
# dateline it is a speaker only when the text around it is a transcript
_LABEL_BLOCKS = _TURN_BLOCKS | {"dateline"}


@dataclass(frozen=True)
class Turn:
    name: str  # the speaker, as the text names them most fully
    label_start: int
    start: int  # where the words spoken begin (after the label)


@dataclass(frozen=True)
class TurnsApplied:
    inside: set[int]  # units a speaker speaks for
    labels: set[int]  # units that are only a speaker's label


def _label(line: str) -> tuple[str, int] | None:
    """(label, where the words spoken start) when the line opens with a speaker's label."""
    m = _LABEL.match(line[:_LABEL_SPAN])
    if not m or (m.end() < len(line) and line[m.end() - 1] == ":"):
        return None  # "$" matched where the slice ended, not where the line did
    label = " ".join(m.group(1).split())
    words = label.lower().replace(".", " ").split()
    if len(label.replace(".", "")) < 2 or not words:
        return None
    stop = load("not_speaker_labels")
    if label.lower() in stop or any(w in stop for w in words if len(w) > 2):
        return None
    # "May 5:" heads a timeline; "Theresa May:" is a speaker.
    dates = load("date_labels")
    if all(w in dates or w.strip(",").isdigit() for w in words):
        return None
    return label, m.end()


def _capitals(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def find_turns(text: str, blocks: Sequence[Block]) -> list[Turn]:
    """The transcript's turns in text order, or none when the text is no transcript."""
    found: list[tuple[int, int, str]] = []  # (label start, words start, label)
    for start, _end, line in block_lines(text, [b for b in blocks if b.kind in _LABEL_BLOCKS]):
        got = _label(line)
        if got is not None:
            found.append((start, start + got[1], got[0]))
    if len(found) < 2:
        return []
    counts = Counter(label.casefold() for _s, _w, label in found)
    if max(counts.values()) < 2 and not all(_capitals(label) for _s, _w, label in found):
        return []
    full = _fuller_names(text, {label for _s, _w, label in found})
    return [Turn(full.get(label, _display(label)), s, w) for s, w, label in found]


def _display(label: str) -> str:
    """'SEN. WARREN' -> 'Sen. Warren'; a label in ordinary case stays as written."""
    if not _capitals(label):
        return label
    return " ".join(w[:1] + w[1:].lower() for w in label.split())


def _fuller_names(text: str, labels: set[str]) -> dict[str, str]:
    """A label by surname ("JONES") to the fullest name the text gives that person
    ("Mayor Alice Jones" -> "Alice Jones" when written so): one pass over the text's
    capitalised word runs."""
    last = {label: label.replace(".", " ").split()[-1].casefold() for label in labels}
    wanted = set(last.values())
    best: dict[str, str] = {}
    run: list[str] = []
    prev_end = -2
    for m in _NAME_WORD.finditer(text):
        word = m.group(0)
        if run and m.start() == prev_end + 1 and text[prev_end] == " ":
            run.append(word)
        else:
            run = [word]
        prev_end = m.end()
        key = word.casefold()
        if key in wanted and len(run) >= 2:
            name = " ".join(run[-3:])
            if len(name) > len(best.get(key, "")):
                best[key] = name
    out: dict[str, str] = {}
    for label, key in last.items():
        if key in best and len(best[key].split()) > len(label.split()):
            out[label] = best[key]
    return out


def apply_turns(
    turns: Sequence[Turn],
    text: str,
    units: Sequence[Unit],
    out: list[Attribution | None],
    outlets: OutletTable,
    blocks: Sequence[Block],
) -> TurnsApplied:
    """Make each turn's speaker the outermost source of the sentences in it; a sentence that
    opens with its label starts after it, and a label standing alone is no claim."""
    applied = TurnsApplied(set(), set())
    if not turns:
        return applied
    starts = [t.label_start for t in turns]
    headings = sorted(b.start for b in blocks if b.kind == "heading")
    hops = {t.name: Hop(t.name, speaker_kind(t.name, outlets), None, None, ()) for t in turns}
    for i, u in enumerate(units):
        k = bisect_right(starts, u.start) - 1
        if k < 0:
            continue
        turn = turns[k]
        if u.end <= turn.start:
            applied.labels.add(i)  # "Senator Ruiz." split off as a sentence of its own
            continue
        h = bisect_right(headings, turn.label_start)
        if h < len(headings) and headings[h] <= u.start:
            continue  # a heading closed the transcript
        if u.start < turn.start <= u.end:
            u.start = turn.start  # the label is not part of the claim
        applied.inside.add(i)
        hop = hops[turn.name]
        a = out[i]
        if a is None or not a.chain:
            out[i] = Attribution(None, None, None, True, (hop,))
            continue
        first = a.chain[0]
        if (first.mention or first.name).casefold() in _FIRST_PERSON:
            out[i] = Attribution(a.cue, a.cue_start, a.cue_end, a.inherited, (hop, *a.chain[1:]))
        elif first.name.casefold() != turn.name.casefold():
            out[i] = Attribution(a.cue, a.cue_start, a.cue_end, a.inherited, (hop, *a.chain))
    return applied
