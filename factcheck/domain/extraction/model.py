"""Frozen result types of the extraction pipeline and their contract JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factcheck.domain.claims import ClaimKind
from factcheck.domain.sources import SourceKind


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "outlet": self.outlet,
            "byline": self.byline,
            "published": self.published,
        }


@dataclass(frozen=True)
class Block:
    """A layout unit: headline, dateline, heading, byline, signoff, caption, bullet, numbered,
    paragraph."""

    kind: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Hop:
    """One source in an attribution chain (outermost reporter first).

    ``start``/``end`` are the mention's offsets in the input, ``None`` when the
    hop is inherited from another sentence or only implied. ``mention`` is the
    surface text when it differs from ``name`` (a pronoun resolved to a name).
    """

    name: str
    kind: SourceKind
    start: int | None = None
    end: int | None = None
    hedges: tuple[str, ...] = ()
    mention: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "kind": str(self.kind),
            "start": self.start,
            "end": self.end,
            "hedges": list(self.hedges),
        }
        if self.mention is not None:
            d["mention"] = self.mention
        return d


def _without_repeats(chain: tuple[Hop, ...]) -> tuple[Hop, ...]:
    kept: list[Hop] = []
    for hop in chain:
        if kept and kept[-1].name.casefold() == hop.name.casefold():
            first = kept[-1]
            hedges = tuple(dict.fromkeys((*first.hedges, *hop.hedges)))
            kept[-1] = Hop(first.name, first.kind, first.start, first.end, hedges, first.mention)
            continue
        kept.append(hop)
    return tuple(kept)


@dataclass(frozen=True)
class Attribution:
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    inherited: bool
    chain: tuple[Hop, ...] = ()

    def __post_init__(self) -> None:
        # One source met twice in a row ("a report from the FT ... sources told
        # the FT") is one hop: a chain never relays a source to itself.
        object.__setattr__(self, "chain", _without_repeats(self.chain))

    def to_dict(self) -> dict[str, Any]:
        return {
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "inherited": self.inherited,
            "chain": [h.to_dict() for h in self.chain],
        }


_NO_ATTRIBUTION = Attribution(None, None, None, False, ())


@dataclass(frozen=True)
class ExtractedClaim:
    text: str
    start: int
    end: int
    kind: ClaimKind
    checkworthiness: float
    hedges: tuple[str, ...] = ()
    attribution: Attribution | None = None
    prefix: str = ""
    suffix: str = ""
    # further attributions when the claim rests on more than one chain
    chains: tuple[Attribution, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": str(self.kind),
            "checkworthiness": self.checkworthiness,
            "hedges": list(self.hedges),
            "attribution": (self.attribution or _NO_ATTRIBUTION).to_dict(),
            "prefix": self.prefix,
            "suffix": self.suffix,
        }
        if self.chains:
            d["chains"] = [a.to_dict() for a in self.chains]
        return d


@dataclass(frozen=True)
class Extraction:
    metadata: Metadata
    blocks: tuple[Block, ...]
    claims: tuple[ExtractedClaim, ...]
    text: str = ""  # the article text that every offset indexes

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "metadata": self.metadata.to_dict(),
            "blocks": [b.to_dict() for b in self.blocks],
            "claims": [c.to_dict() for c in self.claims],
        }
