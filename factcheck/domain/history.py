"""History in sentences: audit events about a claim (or an article and its
claims) turned into what a person would say happened.

"Priya Raman rated it Mostly false (was True)", a text change as a word
diff, sources by name, one entry per change: the status change a review
or a reopening causes in the same commit joins that entry rather than
standing as a second one. Pure: the caller supplies the events as plain
data, people's names, and which reviews the reader may see (blind review).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating

HIDDEN_REVIEWER = "Another reviewer"


@dataclass(frozen=True)
class Event:
    """One audit event, decoded: ``before``/``after`` are the snapshots."""

    seq: int
    occurred_at: datetime
    actor_id: int | None
    actor: str  # the recorded label, used when the person is unknown
    action: str
    entity_type: str
    entity_id: str | None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class DiffPiece:
    text: str
    change: str  # "same", "added" or "removed"


@dataclass
class Entry:
    seq: int
    occurred_at: datetime
    who: str
    sentence: str  # follows the name: "rated it Mostly false (was True)"
    claim_id: int | None = None
    quote: str = ""  # a reason, a rationale or a note, shown quoted
    diff: list[DiffPiece] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    """What the history may show its reader: names, and the reviews they
    may see (others' reviews stay hidden until the claim is unblinded)."""

    names: Mapping[int, str]
    visible_reviews: frozenset[int]


def word_diff(before: str, after: str) -> list[DiffPiece]:
    """The change from ``before`` to ``after`` word by word (spaces kept
    with the word before them)."""
    old, new = _words(before), _words(after)
    pieces: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            _add(pieces, "".join(old[a1:a2]), "same")
            continue
        if a2 > a1:
            _add(pieces, "".join(old[a1:a2]), "removed")
        if b2 > b1:
            _add(pieces, "".join(new[b1:b2]), "added")
    return pieces


def _words(text: str) -> list[str]:
    out: list[str] = []
    for part in text.split(" "):
        out.append(part + " ")
    if out:
        out[-1] = out[-1][:-1]
    return [word for word in out if word]


def _add(pieces: list[DiffPiece], text: str, change: str) -> None:
    if pieces and pieces[-1].change == change:
        pieces[-1] = DiffPiece(pieces[-1].text + text, change)
    elif text:
        pieces.append(DiffPiece(text, change))


def _label(enum: Any, value: object) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return str(value)


def _truth(value: object) -> str:
    return _label(TruthRating, value)


def _status(value: object) -> str:
    return _label(ClaimStatus, value)


def _chain_text(chains: object) -> str:
    if not isinstance(chains, list) or not chains:
        return "no source"
    return "; ".join(" › ".join(str(hop.get("source") or "?") for hop in chain)
                     for chain in chains if isinstance(chain, list)) or "no source"


def _claim_id(event: Event) -> int | None:
    if event.entity_type == "claim" and event.entity_id and event.entity_id.isdigit():
        return int(event.entity_id)
    for snapshot in (event.after, event.before):
        if snapshot and isinstance(snapshot.get("claim_id"), int):
            return int(snapshot["claim_id"])
    return None


def describe(events: Iterable[Event], reader: Reader) -> list[Entry]:
    """The entries for ``events`` (oldest first), one per change."""
    entries: list[Entry] = []
    for event in sorted(events, key=lambda e: e.seq):
        previous = entries[-1] if entries else None
        if (event.action == "claim_status_changed" and previous is not None
                and _same_change(previous, event)):
            _fold_status(previous, event)
            continue
        entry = _entry(event, reader)
        if entry is not None:
            entries.append(entry)
    return entries


def _same_change(previous: Entry, event: Event) -> bool:
    """A status change recorded in the same commit, by the same person, on
    the same claim, as the entry before it is that entry's consequence."""
    return (previous.occurred_at == event.occurred_at and previous.claim_id == _claim_id(event)
            and previous.seq == event.seq - 1)


def _fold_status(previous: Entry, event: Event) -> None:
    target = _status((event.after or {}).get("status"))
    if f"back to {target}" in previous.sentence or f"now {target}" in previous.sentence:
        return
    previous.sentence += f"; the claim is now {target}"


def _who(event: Event, reader: Reader) -> str:
    if event.actor_id is not None and event.actor_id in reader.names:
        return reader.names[event.actor_id]
    return event.actor or "Someone"


def _entry(event: Event, reader: Reader) -> Entry | None:
    before, after = event.before or {}, event.after or {}
    make = _SENTENCES.get(event.action)
    if make is None:
        return None
    who = _who(event, reader)
    entry = Entry(event.seq, event.occurred_at, who, "", _claim_id(event))
    if event.action in ("review_saved", "review_submitted"):
        raw = event.entity_id or ""
        review_id = int(raw) if raw.isdigit() else None
        if review_id not in reader.visible_reviews:
            if event.action == "review_saved":
                return None  # someone else's draft is theirs alone
            entry.who = HIDDEN_REVIEWER
            entry.sentence = "submitted a review; it shows once the reviews are all in"
            return entry
    make(entry, before, after, reader)
    return entry if entry.sentence else None


def _article_created(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                     reader: Reader) -> None:
    entry.sentence = "brought the article in"


def _claim_created(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                   reader: Reader) -> None:
    entry.sentence = "added the claim"
    entry.quote = str(after.get("text") or "")


def _claim_updated(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                   reader: Reader) -> None:
    parts: list[str] = []
    if before.get("text") != after.get("text"):
        parts.append("changed the text")
        entry.diff = word_diff(str(before.get("text") or ""), str(after.get("text") or ""))
    if before.get("kind") != after.get("kind"):
        parts.append(f"made it {_label(ClaimKind, after.get('kind'))} "
                     f"(was {_label(ClaimKind, before.get('kind'))})")
    if before.get("status") != after.get("status"):
        if after.get("status") == ClaimStatus.NOT_A_CLAIM.value:
            parts.append("marked it not a claim")
        elif before.get("status") == ClaimStatus.NOT_A_CLAIM.value:
            parts.append("restored it as a claim")
        else:
            parts.append(f"moved it to {_status(after.get('status'))}")
    entry.sentence = "; ".join(parts) or "saved the claim unchanged"


def _reshaped(sentence: str, other: str) -> Any:
    """A split or a merge: the sentence, the other claim's text quoted
    (``other`` names it in the snapshot) and this claim's text as a diff."""
    def describe_it(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                    reader: Reader) -> None:
        entry.sentence = sentence
        entry.quote = str((after.get(other) or {}).get("text") or "")
        entry.diff = word_diff(str(before.get("text") or ""), str(after.get("text") or ""))
    return describe_it


def _merged(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
            reader: Reader) -> None:
    """A merge is recorded on both claims: the one that grew and the one
    absorbed into it, which says where its text went."""
    into = after.get("merged_into_id")
    if into is not None:
        entry.sentence = f"merged this claim into claim #{into}"
        entry.quote = str(before.get("text") or "")
        return
    _reshaped("merged the following claim into it", "merged_claim")(entry, before, after, reader)


def _claim_assigned(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                    reader: Reader) -> None:
    person = after.get("assignee_id")
    if person is None:
        entry.sentence = "took it off everyone's list"
    elif isinstance(person, int) and reader.names.get(person) == entry.who:
        entry.sentence = "took the claim"
    else:
        name = reader.names.get(person, "someone") if isinstance(person, int) else "someone"
        entry.sentence = f"assigned it to {name}"


def _status_changed(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                    reader: Reader) -> None:
    entry.sentence = (f"moved it to {_status(after.get('status'))} "
                      f"(was {_status(before.get('status'))})")
    entry.quote = str(after.get("reason") or "")


def _chains_changed(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                    reader: Reader) -> None:
    was, now = _chain_text(before.get("chains")), _chain_text(after.get("chains"))
    entry.sentence = f"changed the sources to {now} (was {was})"


def _review(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
            reader: Reader) -> None:
    submitted = bool(after.get("submitted"))
    rating = after.get("truth_rating")
    verb = "rated it" if submitted else "saved a draft rating it"
    if rating is None:
        entry.sentence = "submitted a review" if submitted else "saved a draft review"
    else:
        entry.sentence = f"{verb} {_truth(rating)}"
        was = before.get("truth_rating")
        if was is not None and was != rating:
            entry.sentence += f" (was {_truth(was)})"
    attribution = after.get("attribution_rating")
    if attribution is not None:
        entry.sentence += f", attribution {_label(AttributionRating, attribution).lower()}"
    evidence = after.get("evidence")
    if isinstance(evidence, list) and evidence:
        entry.sentence += f", with {len(evidence)} piece{'s' if len(evidence) != 1 else ''} " \
                          "of evidence"
    entry.quote = str(after.get("rationale") or "")


def _verdict_approved(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                      reader: Reader) -> None:
    entry.sentence = f"approved the verdict {_truth(after.get('rating'))}"
    if before.get("rating") is not None and before.get("rating") != after.get("rating"):
        entry.sentence += f" (was {_truth(before.get('rating'))})"
    entry.quote = str(after.get("public_rationale") or "")


def _verdict_published(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                       reader: Reader) -> None:
    entry.sentence = f"published the verdict {_truth(after.get('rating'))}"
    note = str(after.get("correction_note") or "")
    if note:
        entry.sentence += " as a correction"
        entry.quote = note


def _verdict_reopened(entry: Entry, before: Mapping[str, Any], after: Mapping[str, Any],
                      reader: Reader) -> None:
    entry.sentence = f"reopened it, back to {_status(after.get('status'))}"
    entry.quote = str(after.get("reason") or "")


_SENTENCES = {
    "article_created": _article_created,
    "claim_created": _claim_created,
    "claim_updated": _claim_updated,
    "claim_split": _reshaped("split the claim in two; the second half is its own claim",
                             "new_claim"),
    "claim_merged": lambda entry, before, after, reader: _merged(entry, before, after, reader),
    "claim_assigned": _claim_assigned,
    "claim_status_changed": _status_changed,
    "attribution_created": _chains_changed,
    "attribution_updated": _chains_changed,
    "attribution_deleted": _chains_changed,
    "review_saved": _review,
    "review_submitted": _review,
    "verdict_approved": _verdict_approved,
    "verdict_published": _verdict_published,
    "verdict_reopened": _verdict_reopened,
}


def day_groups(entries: Sequence[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries under one heading per day ("1 December 2026")."""
    groups: list[tuple[str, list[Entry]]] = []
    for entry in entries:
        day = f"{entry.occurred_at.day} {entry.occurred_at.strftime('%B %Y')}"
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(entry)
    return groups
