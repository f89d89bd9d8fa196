"""The audit trail's hash chain: canonical form, hashing and verification.

Each event's hash covers the previous event's hash and the event's
canonical JSON. Changing, removing or reordering any row changes a hash
that a later row (or an anchor kept outside the database) has recorded.

Two schemes, recorded per row: ``sha256`` needs no secret, so anyone who
can write to the database can recompute every hash after an edit;
``hmac-sha256`` keys the hash with FACTCHECK_AUDIT_KEY, kept outside the
database, so rows cannot be recomputed with database access alone. Rows
written before the key was set stay ``sha256`` and stay verifiable; once a
keyed row appears, every later row must be keyed (a plain row after a keyed
one is someone rewriting the newest rows without the key).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
SCHEME_SHA256 = "sha256"
SCHEME_HMAC = "hmac-sha256"


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_timestamp(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def format_timestamp(moment: datetime) -> str:
    """UTC, microseconds, 'Z'. Naive datetimes are taken to be UTC already
    (SQLite hands them back without a zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ChainEvent:
    seq: int
    occurred_at: datetime
    actor_id: int | None
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    before: str | None
    after: str | None
    context: str | None
    prev_hash: str
    hash: str
    scheme: str = SCHEME_SHA256

    def canonical(self) -> str:
        return canonical_json(
            {
                "seq": self.seq,
                "occurred_at": format_timestamp(self.occurred_at),
                "actor_id": self.actor_id,
                "actor": self.actor,
                "action": self.action,
                "entity_type": self.entity_type,
                "entity_id": self.entity_id,
                "before": self.before,
                "after": self.after,
                "context": self.context,
            }
        )


def compute_hash(prev_hash: str, canonical_event: str, key: bytes | None = None) -> str:
    """SHA-256 of the chained event, or its HMAC with ``key`` when given."""
    message = prev_hash.encode("ascii") + b"\n" + canonical_event.encode("utf-8")
    if key is not None:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def scheme_for(key: bytes | None) -> str:
    return SCHEME_HMAC if key is not None else SCHEME_SHA256


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(
    events: Iterable[ChainEvent], anchor: tuple[int, str] | None = None,
    key: bytes | None = None, anchors: Iterable[tuple[int, str]] = (),
) -> VerifyResult:
    """Walk events in ascending ``seq`` order and report the first break.

    ``anchor`` (and every one of ``anchors``) is a (seq, hash) pair recorded
    earlier outside the database: if the chain no longer reaches it, or
    reaches it with another hash, rows were lost or rewritten. ``key``
    verifies keyed rows; without it they cannot be checked, and say so.
    """
    wanted = dict(anchors)
    if anchor is not None:
        wanted[anchor[0]] = anchor[1]
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    keyed = False
    for event in events:
        if event.seq != expected_seq:
            # A gap names the first missing seq; a repeat names itself.
            first_bad = expected_seq if event.seq > expected_seq else event.seq
            return _broken(checked, expected_seq - 1, prev_hash, first_bad,
                           f"expected seq {expected_seq}, found {event.seq}: "
                           "rows missing or reordered")
        if event.prev_hash != prev_hash:
            return _broken(checked, expected_seq - 1, prev_hash, event.seq,
                           "prev_hash does not match the previous event's hash")
        if event.scheme == SCHEME_HMAC:
            if key is None:
                return _broken(checked, expected_seq - 1, prev_hash, event.seq,
                               "the row is keyed (hmac-sha256); set FACTCHECK_AUDIT_KEY to "
                               "verify it")
            keyed = True
        elif event.scheme != SCHEME_SHA256:
            return _broken(checked, expected_seq - 1, prev_hash, event.seq,
                           f"unknown hash scheme {event.scheme!r}")
        elif keyed:
            return _broken(checked, expected_seq - 1, prev_hash, event.seq,
                           "an unkeyed row after keyed ones (rows rewritten without the key)")
        row_key = key if event.scheme == SCHEME_HMAC else None
        if compute_hash(event.prev_hash, event.canonical(), row_key) != event.hash:
            return _broken(checked, expected_seq - 1, prev_hash, event.seq,
                           "hash does not match the event's contents (row altered)")
        if event.seq in wanted and event.hash != wanted.pop(event.seq):
            return _broken(checked, expected_seq - 1, prev_hash, event.seq,
                           "hash differs from the anchor kept outside the database")
        prev_hash = event.hash
        checked += 1
        expected_seq += 1
    if wanted:
        return _broken(checked, expected_seq - 1, prev_hash, expected_seq,
                       f"chain ends before the anchor seq {min(wanted)}: newest rows lost")
    return VerifyResult(True, checked, expected_seq - 1, prev_hash)


def _broken(checked: int, head: int, head_hash: str, seq: int, reason: str) -> VerifyResult:
    return VerifyResult(False, checked, head, head_hash, broken_seq=seq, reason=reason)


def parse_anchor(text: str) -> tuple[int, str]:
    """SEQ:HASH, as 'factcheck audit head' prints it (anything after the
    first blank, like the time an anchor file records, is ignored)."""
    seq_text, _, digest = text.strip().split(" ", 1)[0].partition(":")
    if not seq_text.isdigit() or len(digest) != 64:
        raise ValueError("anchor must look like SEQ:HASH (as printed by 'factcheck audit head')")
    return int(seq_text), digest.lower()


def snapshot(fields: Mapping[str, Any]) -> str:
    """Canonical JSON text of an entity's state for before/after columns."""
    return canonical_json(dict(fields))
