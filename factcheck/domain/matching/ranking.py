"""Scoring a stored verdict against a query: BM25 over two fields (the
claim as checked, weighted fully, and the fact-check's headline), with
term rarity from the whole index. The similarity shown to people is that
score relative to the query's score against itself, capped at 1, so 1.0
reads "the same words" whatever the query's length."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Tuned on the CLEF 2020 claim-retrieval training queries (README: Claim matching).
K1 = 1.2
B = 0.75
CLAIM_WEIGHT = 1.0
TITLE_WEIGHT = 0.6


@dataclass(frozen=True)
class IndexStats:
    documents: int
    average_claim_length: float
    average_title_length: float


@dataclass(frozen=True)
class Candidate:
    key: int
    claim_terms: tuple[str, ...]
    title_terms: tuple[str, ...]


def rarity(documents_with_term: int, documents: int) -> float:
    return math.log(1.0 + (documents - documents_with_term + 0.5) / (documents_with_term + 0.5))


def _field_weight(count: int, length: int, average: float, weight: float) -> float:
    if not count:
        return 0.0
    return weight * count / (1.0 - B + B * length / max(average, 1.0))


def score(query: Mapping[str, int], claim: Mapping[str, int], title: Mapping[str, int],
          claim_length: int, title_length: int, idf: Mapping[str, float],
          stats: IndexStats) -> float:
    total = 0.0
    for term in query:
        tf = (_field_weight(claim.get(term, 0), claim_length, stats.average_claim_length,
                            CLAIM_WEIGHT)
              + _field_weight(title.get(term, 0), title_length, stats.average_title_length,
                              TITLE_WEIGHT))
        if tf:
            total += idf.get(term, 0.0) * tf * (K1 + 1.0) / (tf + K1)
    return total


@dataclass(frozen=True)
class Ranked:
    key: int
    score: float
    similarity: float


def rank(query_terms: Iterable[str], candidates: Iterable[Candidate],
         documents_with: Mapping[str, int], stats: IndexStats) -> list[Ranked]:
    """Candidates best first, each with its score and similarity (0..1)."""
    query = Counter(query_terms)
    idf = {term: rarity(documents_with.get(term, 0), max(stats.documents, 1)) for term in query}
    # The query as if it were a stored claim: the best any document can
    # reasonably do, so that similarity does not depend on query length.
    own = score(query, query, {}, sum(query.values()), 0, idf, stats)
    ranked = []
    for candidate in candidates:
        value = _fast_score(idf, candidate, stats)
        if value > 0:
            ranked.append(Ranked(candidate.key, value, min(1.0, value / own) if own else 0.0))
    ranked.sort(key=lambda item: (-item.score, item.key))
    return ranked


def _fast_score(idf: Mapping[str, float], candidate: Candidate, stats: IndexStats) -> float:
    """``score`` for one candidate, written for speed (an article's page
    ranks thousands): same formula, no per-term calls."""
    claim_norm = CLAIM_WEIGHT / (1.0 - B + B * len(candidate.claim_terms)
                                 / max(stats.average_claim_length, 1.0))
    title_norm = TITLE_WEIGHT / (1.0 - B + B * len(candidate.title_terms)
                                 / max(stats.average_title_length, 1.0))
    weights: dict[str, float] = {}
    for term in candidate.claim_terms:
        if term in idf:
            weights[term] = weights.get(term, 0.0) + claim_norm
    for term in candidate.title_terms:
        if term in idf:
            weights[term] = weights.get(term, 0.0) + title_norm
    return sum(idf[term] * tf * (K1 + 1.0) / (tf + K1) for term, tf in weights.items())
