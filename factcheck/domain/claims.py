"""Claim kinds and the claim life cycle."""

from __future__ import annotations

import enum


class ClaimKind(enum.StrEnum):
    FACTUAL = "factual"
    STATISTICAL = "statistical"
    QUOTE = "quote"
    OPINION = "opinion"
    PREDICTION = "prediction"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ClaimStatus(enum.StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    REVIEWED = "reviewed"
    DISPUTED = "disputed"
    APPROVED = "approved"
    PUBLISHED = "published"
    # A span the extractor took for a claim that a person says is not one.
    # Kept (not deleted) so its history and audit trail survive.
    NOT_A_CLAIM = "not_a_claim"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()
