"""The house rating scale, defined once.

Each truth rating carries its ClaimReview numeric value (1 = worst, 5 = best
on the checkable part of the scale) and the colour used on every page and
report. Ratings that say nothing about truth (Unverifiable, Not checkable)
have no numeric value: ClaimReview carries only their ``alternateName``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

BEST_RATING = 5
WORST_RATING = 1


@dataclass(frozen=True)
class RatingInfo:
    label: str
    claimreview_value: int | None
    colour: str  # background colour, chosen for contrast with dark text
    is_false_or_misleading: bool


class TruthRating(enum.StrEnum):
    TRUE = "true"
    MOSTLY_TRUE = "mostly_true"
    HALF_TRUE = "half_true"
    MOSTLY_FALSE = "mostly_false"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"
    NOT_CHECKABLE = "not_checkable"

    @property
    def info(self) -> RatingInfo:
        return RATING_SCALE[self]

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def colour(self) -> str:
        return self.info.colour

    @property
    def needs_rationale(self) -> bool:
        return self is not TruthRating.NOT_CHECKABLE


RATING_SCALE: dict[TruthRating, RatingInfo] = {
    TruthRating.TRUE: RatingInfo("True", 5, "#b7e4c7", False),
    TruthRating.MOSTLY_TRUE: RatingInfo("Mostly true", 4, "#d8f3dc", False),
    TruthRating.HALF_TRUE: RatingInfo("Half true", 3, "#fff3b0", False),
    TruthRating.MOSTLY_FALSE: RatingInfo("Mostly false", 2, "#ffd6a5", True),
    TruthRating.FALSE: RatingInfo("False", 1, "#ffadad", True),
    TruthRating.MISLEADING: RatingInfo("Misleading", 2, "#f4c2e0", True),
    TruthRating.UNVERIFIABLE: RatingInfo("Unverifiable", None, "#dee2e6", False),
    TruthRating.NOT_CHECKABLE: RatingInfo("Not checkable", None, "#f1f3f5", False),
}


class AttributionRating(enum.StrEnum):
    """Does the cited source really say what the claim says it does?"""

    ACCURATE = "accurate"
    MISATTRIBUTED = "misattributed"
    UNVERIFIABLE = "unverifiable"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EvidenceStance(enum.StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return self.value.capitalize()
