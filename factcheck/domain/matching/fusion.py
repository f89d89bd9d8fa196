"""Fusing the lexical ranking with the sentence vectors' ranking by
reciprocal rank: a document scores 1/(K + its lexical rank) plus
W/(K + its rank among the nearest documents by vector), counting only the
lists it is in. On the CLEF 2020 claim-retrieval queries this beat a
weighted sum of lexical similarity and cosine, and re-ranking the lexical
candidates alone (README: Semantic matching)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Tuned on the CLEF 2020 claim-retrieval training queries (README: Semantic matching).
K = 5.0
SEMANTIC_WEIGHT = 1.0


@dataclass(frozen=True)
class Fused:
    key: int
    # The fused score relative to the best possible (first in both lists),
    # so that, like the lexical similarity, it runs from 0 to 1.
    similarity: float


def fuse(lexical: Sequence[int], semantic: Sequence[int], k: float = K,
         semantic_weight: float = SEMANTIC_WEIGHT) -> list[Fused]:
    """``lexical`` and ``semantic``: document keys, best first."""
    scores: dict[int, float] = {}
    for rank, key in enumerate(lexical, start=1):
        scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    for rank, key in enumerate(semantic, start=1):
        scores[key] = scores.get(key, 0.0) + semantic_weight / (k + rank)
    best = (1.0 + semantic_weight) / (k + 1.0)
    fused = [Fused(key, min(1.0, score / best)) for key, score in scores.items()]
    fused.sort(key=lambda item: (-item.similarity, item.key))
    return fused
