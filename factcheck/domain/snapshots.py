"""What an approved verdict judged and what it publishes, frozen at
approval: the claim's text, its chains (source names and kinds), the
ratings and the claimant. Later edits to sources or claims never reach a
snapshot; a correction is a new verdict with a snapshot of its own.

Pure: plain values in, plain values out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.domain.ratings import AttributionRating
from factcheck.domain.sources import SourceKind

# One hop of a chain as published: (source name, source kind).
Hop = tuple[str, SourceKind]
Chain = tuple[Hop, ...]


@dataclass(frozen=True)
class Claimant:
    """Who made the claim, as ClaimReview's ``itemReviewed.author``."""

    name: str
    kind: SourceKind


def claimant_choices(chains: Sequence[Chain], outlet: str | None) -> list[Claimant]:
    """Who the editor may name: the innermost source of each chain, then
    the other sources of the chains, then the article's outlet."""
    seen: set[str] = set()
    found: list[Claimant] = []

    def add(name: str, kind: SourceKind) -> None:
        if name.strip() and name not in seen:
            seen.add(name)
            found.append(Claimant(name, kind))

    for chain in chains:
        if chain:
            add(*chain[-1])
    for chain in chains:
        for hop in reversed(chain):
            add(*hop)
    if outlet:
        add(outlet, SourceKind.PUBLICATION)
    return found


def default_claimant(chains: Sequence[Chain], attribution: AttributionRating | None,
                     outlet: str | None) -> Claimant | None:
    """The innermost source of the first chain when reviewers found the
    attribution accurate; otherwise the outlet, whose own words they are
    (a misattributed claim was never the cited source's)."""
    if attribution is AttributionRating.ACCURATE and chains and chains[0]:
        return Claimant(*chains[0][-1])
    if outlet:
        return Claimant(outlet, SourceKind.PUBLICATION)
    return None


def chains_to_json(chains: Sequence[Chain]) -> str:
    return json.dumps([[[name, kind.value] for name, kind in chain] for chain in chains],
                      ensure_ascii=False)


def chains_from_json(text: str | None) -> tuple[Chain, ...]:
    if not text:
        return ()
    return tuple(tuple((str(name), SourceKind(kind)) for name, kind in chain)
                 for chain in json.loads(text))
