"""Semantic matching's two halves: the order, and the similarity.

The order fuses the lexical ranking with the sentence vectors' ranking by
reciprocal rank: a document scores 1/(K + its lexical rank) plus
W/(K + its rank among the nearest documents by vector), counting only the
lists it is in. On the CLEF 2020 claim-retrieval queries this beat a
weighted sum of lexical similarity and cosine, and re-ranking the lexical
candidates alone (README: Semantic matching).

The similarity shown, stored and compared with the thresholds is not that
score: a rank says how a document compares with the others, so the first
of any list would look like a match even when nothing in the archive is
about the claim. It is a weighted mean of the pair's own two similarities,
the words' (lexical, 0..1) and the meaning's (the vectors' cosine), which
a claim with no checked twin keeps low.
"""

from __future__ import annotations

from collections.abc import Sequence

# Tuned on the CLEF 2020 claim-retrieval training queries (README: Semantic matching).
K = 5.0
SEMANTIC_WEIGHT = 1.0
# A logistic regression of "this is the query's fact-check" on the two
# similarities, fitted on the training queries' candidates
# (bench/matching_calibration.py), weighs them 9.1 : 14.7; normalised to a
# mean so that the result still runs from 0 to 1.
WORDS_SHARE = 0.38
MEANING_SHARE = 0.62


def fuse(lexical: Sequence[int], semantic: Sequence[int], k: float = K,
         semantic_weight: float = SEMANTIC_WEIGHT) -> list[int]:
    """Document keys, best first; ``lexical`` and ``semantic`` are keys,
    best first."""
    scores: dict[int, float] = {}
    for rank, key in enumerate(lexical, start=1):
        scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    for rank, key in enumerate(semantic, start=1):
        scores[key] = scores.get(key, 0.0) + semantic_weight / (k + rank)
    return sorted(scores, key=lambda key: (-scores[key], key))


def combined_similarity(words: float, cosine: float | None) -> float:
    """How alike a claim and a checked claim are, from 0 to 1. Without a
    vector yet (its job has not run), the words alone."""
    if cosine is None:
        return words
    return min(1.0, max(0.0, WORDS_SHARE * words + MEANING_SHARE * cosine))
