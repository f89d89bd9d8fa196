"""Article revisions: where a new text came from, and what an editor said
about a verdict whose claim the new text changed."""

from __future__ import annotations

import enum


class RevisionOrigin(enum.StrEnum):
    ORIGINAL = "original"  # the text as first ingested
    PASTE = "paste"
    UPLOAD = "upload"
    FETCH = "fetch"

    @property
    def label(self) -> str:
        return {"original": "First ingest", "paste": "Pasted text", "upload": "Uploaded file",
                "fetch": "Fetched from its address"}[self.value]


class StaleResolution(enum.StrEnum):
    CONFIRMED = "confirmed"  # the verdict still holds (a dated correction note)
    REOPENED = "reopened"  # back to review

    @property
    def label(self) -> str:
        return self.value.capitalize()
