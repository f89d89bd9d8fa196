"""What kind of thing a source is."""

from __future__ import annotations

import enum


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
