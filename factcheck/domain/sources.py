"""What kind of thing a source is."""

from __future__ import annotations

import enum
from collections.abc import Iterable


class SourceKind(enum.StrEnum):
    PUBLICATION = "publication"
    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT = "government"
    DOCUMENT = "document"
    ANONYMOUS = "anonymous"
    SOCIAL_MEDIA = "social_media"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def hedge_list(hedges: str | None) -> list[str]:
    """A hop's hedges as stored ("reportedly,allegedly") as a list."""
    return [part for part in (hedges or "").split(",") if part]


class Sourcing(enum.StrEnum):
    """How many distinct sources a claim's chains rest on: what the claim
    list filters by, kept on the claim (see factcheck.models.figure_upkeep)."""

    NONE = "none"
    SINGLE = "single"
    SEVERAL = "several"


def sourcing_of(hops: Iterable[tuple[int, SourceKind]]) -> tuple[Sourcing, bool]:
    """A claim's sourcing from every hop of its chains (source id, that
    source's kind), and whether any of them is anonymous."""
    sources: set[int] = set()
    anonymous = False
    for source_id, kind in hops:
        sources.add(source_id)
        anonymous = anonymous or kind is SourceKind.ANONYMOUS
    if not sources:
        return Sourcing.NONE, anonymous
    return (Sourcing.SINGLE if len(sources) == 1 else Sourcing.SEVERAL), anonymous
