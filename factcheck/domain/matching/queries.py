"""Full-text queries built from our own terms, never from what someone
typed: each term is checked to be plain lowercase letters and digits
before it goes anywhere near FTS5 or tsquery syntax."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_PLAIN = re.compile(r"[a-z0-9]{1,64}")
# The rarest query terms find the candidates; every term still counts in the
# score. A term in more than COMMON_SHARE of all documents finds too many to
# rank quickly and tells them apart too little, so it only helps when the
# query has fewer than MIN_TERMS rarer ones.
CANDIDATE_TERMS = 10
COMMON_SHARE = 0.05
MIN_TERMS = 3
# ...and never more than this many documents per term, whatever the archive's
# size: the cost of finding candidates must not grow with the archive.
MAX_TERM_DOCUMENTS = 1000


def plain_terms(query_terms: Iterable[str]) -> list[str]:
    return sorted({term for term in query_terms if _PLAIN.fullmatch(term)})


# A stored claim keeps this many terms by which a newly published verdict
# finds it (its candidate terms, and words no verdict had yet).
LOOKUP_TERMS = 20


def _common(documents: int) -> int:
    return min(MAX_TERM_DOCUMENTS, max(50, int(documents * COMMON_SHARE)))


def candidate_terms(query_terms: Iterable[str], documents_with: Mapping[str, int],
                    documents: int) -> list[str]:
    known = [term for term in plain_terms(query_terms) if documents_with.get(term, 0) > 0]
    known.sort(key=lambda term: (documents_with[term], term))
    common = _common(documents)
    rare = [term for term in known if documents_with[term] <= common]
    return (rare if len(rare) >= MIN_TERMS else known[:MIN_TERMS])[:CANDIDATE_TERMS]


def lookup_terms(query_terms: Iterable[str], documents_with: Mapping[str, int],
                 documents: int) -> list[str]:
    """The terms a stored claim is looked up by when verdicts arrive: a new
    verdict can only become one of the claim's candidates through one of its
    candidate terms, or through a word that no verdict held before (rare
    now, so a candidate term from then on)."""
    chosen = candidate_terms(query_terms, documents_with, documents)
    unseen = [term for term in plain_terms(query_terms) if documents_with.get(term, 0) == 0]
    return sorted(set(chosen + unseen[:max(0, LOOKUP_TERMS - len(chosen))]))


def fts5_query(query_terms: Iterable[str]) -> str:
    return " OR ".join(f'"{term}"' for term in plain_terms(query_terms))


def tsquery(query_terms: Iterable[str]) -> str:
    return " | ".join(plain_terms(query_terms))
