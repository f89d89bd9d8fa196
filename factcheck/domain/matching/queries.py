"""Full-text queries built from our own terms, never from what someone
typed: each term is checked to be plain lowercase letters and digits
before it goes anywhere near FTS5 or tsquery syntax."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_PLAIN = re.compile(r"[a-z0-9]{1,64}")
# The rarest query terms find the candidates; every term still counts in the score.
CANDIDATE_TERMS = 16


def plain_terms(query_terms: Iterable[str]) -> list[str]:
    return sorted({term for term in query_terms if _PLAIN.fullmatch(term)})


def candidate_terms(query_terms: Iterable[str], documents_with: Mapping[str, int]) -> list[str]:
    known = [term for term in plain_terms(query_terms) if documents_with.get(term, 0) > 0]
    known.sort(key=lambda term: (documents_with[term], term))
    return known[:CANDIDATE_TERMS]


def fts5_query(query_terms: Iterable[str]) -> str:
    return " OR ".join(f'"{term}"' for term in plain_terms(query_terms))


def tsquery(query_terms: Iterable[str]) -> str:
    return " | ".join(plain_terms(query_terms))
