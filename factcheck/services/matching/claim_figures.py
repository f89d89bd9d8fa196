"""Keeping each claim's closest published verdicts stored, so the article
and review pages and the dashboard read them instead of searching.

Two moments change them:
- a claim is saved, re-anchored or edited (``refresh_claims``; for a
  whole article, the ``claim_matching`` job in ``background``, which
  searches apart and stores after): it is searched for, as the pages
  would, and its best matches, best similarity and lookup terms are stored;
- verdicts are published or imported (``match_arrivals``): only the claims
  sharing a lookup term with the new verdicts (and, with semantic matching,
  those that had one of them stored) are scored against them (no search),
  and a new verdict that beats a stored match takes its place.

Writes are always in the caller's transaction. Similarities are as of when they were
stored: a verdict that arrives later changes term rarity a little, which is
not recomputed for matches already stored.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.matching.fusion import combined_similarity
from factcheck.domain.matching.queries import lookup_terms
from factcheck.domain.matching.ranking import Candidate, IndexStats, rank, rarity
from factcheck.domain.matching.tokens import terms
from factcheck.models.claim import Claim
from factcheck.models.claim_match import ClaimMatch, ClaimMatchFigure, ClaimMatchTerm
from factcheck.models.external_verdict import MatchDocument
from factcheck.services.core.session import DbSession
from factcheck.services.matching import sentence_model, vectors
from factcheck.services.matching.search import (
    Match,
    index_stats,
    rank_queries,
    term_counts,
)
from factcheck.services.matching.sentence_model import Array

# How many matches a claim keeps: as many as the pages list.
STORED = 5
# New verdicts scored in full per claim when many arrive at once.
SHORTLIST = 10
_CHUNK = 500


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chunks(values: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start:start + _CHUNK]


def refresh_claims(session: DbSession, claims: Sequence[Claim], *,
                   now: datetime | None = None) -> None:
    """Search for these claims and store what was found (replacing what
    was stored for them)."""
    session.flush()
    _refresh(session, [(claim.id, claim.text) for claim in claims if claim.id is not None],
             now or datetime.now(UTC))


def _refresh(session: DbSession, claims: list[tuple[int, str]], when: datetime) -> None:
    store_found(session, search_claims(session, claims), when)


@dataclass(frozen=True)
class Found:
    """What searching for some claims found, not yet stored: per claim (id
    and the text searched for) its best matches and its lookup terms."""

    claims: list[tuple[int, str]]
    matches: list[list[Match]]
    lookup: list[list[str]]
    # With semantic matching, each claim's vector (float32 bytes), kept so
    # that verdicts arriving later are compared with it.
    vectors: list[bytes | None]

    def only(self, current: dict[int, str]) -> Found:
        """The claims whose text is still ``current[id]``: a claim edited
        since it was searched for keeps what its edit stored."""
        kept = [index for index, (claim_id, text) in enumerate(self.claims)
                if current.get(claim_id) == text]
        return Found([self.claims[i] for i in kept], [self.matches[i] for i in kept],
                     [self.lookup[i] for i in kept], [self.vectors[i] for i in kept])


def search_claims(session: DbSession, claims: list[tuple[int, str]]) -> Found:
    """Search for ``claims`` (id, text) as a page would; reads only, so a
    job can do it before its writing transaction begins."""
    if not claims:
        return Found([], [], [], [])
    ids = [claim_id for claim_id, _ in claims]
    texts = [text for _, text in claims]
    queries = [terms(text) for text in texts]
    stats = index_stats(session)
    counts = term_counts(session, {term for query in queries for term in query})
    encoded = vectors.encode_texts(texts) if vectors.active() else None
    found = rank_queries(session, queries, ids, STORED, stats, counts, texts=texts,
                         encoded=encoded)
    kept: list[bytes | None] = ([sentence_model.to_bytes(row) for row in encoded]
                                if encoded is not None else [None] * len(claims))
    return Found(list(claims), found,
                 [lookup_terms(query, counts, stats.documents) for query in queries], kept)


def store_found(session: DbSession, found: Found, when: datetime) -> None:
    """Store what ``search_claims`` found, replacing what was stored for
    those claims."""
    if not found.claims:
        return
    ids = [claim_id for claim_id, _ in found.claims]
    _forget(session, ids)
    # Best by similarity, not by position: with semantic matching the order
    # is the fused ranking's (fusion.fuse).
    session.execute(sa.insert(ClaimMatchFigure), [
        {"claim_id": claim_id, "text_hash": text_hash(text), "matched_at": when,
         "best_similarity": max((match.similarity for match in matches), default=0.0),
         "vector": vector, "vector_model": sentence_model.MODEL_NAME if vector else None}
        for (claim_id, text), matches, vector
        in zip(found.claims, found.matches, found.vectors, strict=True)])
    match_rows = [{"claim_id": claim_id, "document_id": match.document_id,
                   "similarity": match.similarity, "position": position}
                  for claim_id, matches in zip(ids, found.matches, strict=True)
                  for position, match in enumerate(matches)]
    if match_rows:
        session.execute(sa.insert(ClaimMatch), match_rows)
    term_rows = [{"term": term, "claim_id": claim_id}
                 for claim_id, lookup in zip(ids, found.lookup, strict=True) for term in lookup]
    if term_rows:
        session.execute(sa.insert(ClaimMatchTerm), term_rows)


def outdated_of_article(session: DbSession, article_id: int) -> list[tuple[int, str]]:
    """The article's claims (not dismissed) with nothing stored for their
    current text: never matched, or edited since."""
    rows = session.execute(
        sa.select(Claim.id, Claim.text, ClaimMatchFigure.text_hash)
        .outerjoin(ClaimMatchFigure, ClaimMatchFigure.claim_id == Claim.id)
        .where(Claim.article_id == article_id, Claim.status != ClaimStatus.NOT_A_CLAIM)
        .order_by(Claim.id))
    return [(claim_id, text) for claim_id, text, digest in rows if digest != text_hash(text)]


def _forget(session: DbSession, claim_ids: Iterable[int]) -> None:
    for chunk in _chunks(claim_ids):
        for model in (ClaimMatch, ClaimMatchFigure, ClaimMatchTerm):
            session.execute(sa.delete(model).where(model.claim_id.in_(chunk)))


def refresh_all(session: DbSession, batch: int = 200) -> int:
    """Match every claim (not dismissed) afresh, a batch at a time: after
    upgrading to stored matches, or to pick up a changed tokenizer."""
    session.flush()
    ids = list(session.scalars(sa.select(Claim.id).where(
        Claim.status != ClaimStatus.NOT_A_CLAIM).order_by(Claim.id)))
    when = datetime.now(UTC)
    for start in range(0, len(ids), batch):
        rows = session.execute(sa.select(Claim.id, Claim.text)
                               .where(Claim.id.in_(ids[start:start + batch])).order_by(Claim.id))
        _refresh(session, [(claim_id, text) for claim_id, text in rows], when)
    return len(ids)


def refresh_outdated(session: DbSession, claims: Sequence[Claim]) -> None:
    """``refresh_claims`` for those whose text is not what was matched (or
    that were never matched): after a re-anchoring or an edit."""
    session.flush()
    stored = _stored_hashes(session, [claim.id for claim in claims])
    refresh_claims(session, [claim for claim in claims
                             if stored.get(claim.id) != text_hash(claim.text)])


def _stored_hashes(session: DbSession, claim_ids: Iterable[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(claim_ids):
        found.update(session.execute(sa.select(ClaimMatchFigure.claim_id,
                                               ClaimMatchFigure.text_hash)
                                     .where(ClaimMatchFigure.claim_id.in_(chunk))).all())
    return found


def match_arrivals(session: DbSession, documents: Sequence[MatchDocument]) -> None:
    """Newly published or imported (or re-imported) verdicts' documents
    against the stored claims that share a lookup term with them."""
    session.flush()
    # Plain (document, owner claim) pairs: the loop below runs per shared
    # term and claim, far too often for ORM attribute access.
    by_term: dict[str, list[tuple[int, int | None]]] = {}
    for document in documents:
        key = (document.id, document.claim_id)
        for term in set(document.claim_terms.split()) | set(document.title_terms.split()):
            by_term.setdefault(term, []).append(key)
    stats = index_stats(session)
    counts = term_counts(session, set(by_term))
    # Per claim, the new documents by the rarity of the lookup terms they
    # share (cheap, like the index's own first pass); only the best few are
    # scored in full, as a search keeps only its best candidates.
    shared: dict[int, dict[int, float]] = {}
    ordered = sorted(by_term)
    for start in range(0, len(ordered), _CHUNK):
        for term, claim_id in session.execute(
                sa.select(ClaimMatchTerm.term, ClaimMatchTerm.claim_id)
                .where(ClaimMatchTerm.term.in_(ordered[start:start + _CHUNK]))):
            weight = rarity(counts.get(term, 0), max(stats.documents, 1))
            found = shared.setdefault(claim_id, {})
            for document_id, owner in by_term[term]:
                if owner != claim_id:  # never a claim's own verdict
                    found[document_id] = found.get(document_id, 0.0) + weight
    by_id = {document.id: document for document in documents}
    pairs = {claim_id: {key: by_id[key] for key in heapq.nlargest(
                 SHORTLIST, found, key=lambda key: (found[key], -key))}
             for claim_id, found in shared.items() if found}
    # A re-imported verdict's words may have changed: its old scores go
    # (and are scored afresh below where it still shares a term).
    touched = set(pairs)
    for chunk in _chunks(document.id for document in documents):
        matched = session.execute(sa.select(ClaimMatch.claim_id, ClaimMatch.document_id)
                                  .where(ClaimMatch.document_id.in_(chunk))).all()
        touched.update(claim_id for claim_id, _ in matched)
        if vectors.active():
            # A search may have found it by meaning alone, sharing no term:
            # scored afresh too, or a new rating would drop it from the list.
            for claim_id, document_id in matched:
                pairs.setdefault(claim_id, {})[document_id] = by_id[document_id]
        session.execute(sa.delete(ClaimMatch).where(ClaimMatch.document_id.in_(chunk)))
    if pairs:
        _score_pairs(session, pairs, stats)
    _update_best(session, touched)


def _score_pairs(session: DbSession, pairs: dict[int, dict[int, MatchDocument]],
                 stats: IndexStats) -> None:
    texts: dict[int, str] = {}
    for chunk in _chunks(pairs):
        texts.update(session.execute(sa.select(Claim.id, Claim.text)
                                     .where(Claim.id.in_(chunk))).all())
    queries = {claim_id: terms(text) for claim_id, text in texts.items()}
    counts = term_counts(session, {term for query in queries.values() for term in query})
    stored = _stored_matches(session, list(queries))
    meaning = _Meaning.read(session, pairs) if vectors.active() else _Meaning({}, {})
    candidates = {document.id: Candidate(document.id, tuple(document.claim_terms.split()),
                                         tuple(document.title_terms.split()))
                  for found in pairs.values() for document in found.values()}
    rewritten: dict[int, list[Match]] = {}
    for claim_id, query in queries.items():
        words = {item.key: item.similarity for item in rank(
            query, [candidates[key] for key in pairs[claim_id]], counts, stats)}
        kept = stored.get(claim_id, [])
        # Sharing no words, a verdict is still scored on its meaning.
        arrived = sorted((Match(key, meaning.similarity(claim_id, key, words.get(key, 0.0)))
                          for key in pairs[claim_id] if key in words or meaning.has(claim_id, key)),
                         key=lambda match: (-match.similarity, match.document_id))[:STORED]
        merged = _merge(kept, arrived)
        if merged != kept:
            rewritten[claim_id] = merged
    for chunk in _chunks(rewritten):
        session.execute(sa.delete(ClaimMatch).where(ClaimMatch.claim_id.in_(chunk)))
    rows = [{"claim_id": claim_id, "document_id": match.document_id,
             "similarity": match.similarity, "position": position}
            for claim_id, matches in rewritten.items() for position, match in enumerate(matches)]
    if rows:
        session.execute(sa.insert(ClaimMatch), rows)


def _merge(kept: list[Match], arrived: list[Match]) -> list[Match]:
    """The stored list (in its order) with each arrival placed after the
    last match at least as similar, cut to the stored length: a search's
    ranking is kept, a better late verdict still rises, and none is listed
    above a stored match more similar than itself. (Stored lists sorted by
    similarity, as without the semantic extra, merge as a sort would.)"""
    merged = list(kept)
    for match in arrived:
        place = max((index + 1 for index, old in enumerate(merged)
                     if old.similarity >= match.similarity), default=0)
        merged.insert(place, match)
    return merged[:STORED]


@dataclass(frozen=True)
class _Meaning:
    """With semantic matching, the vectors of the claims and arriving
    verdicts being scored: a pair with both is scored on words and meaning
    (as a search would score it), one without on its words alone."""

    claims: dict[int, Array]
    documents: dict[int, Array]

    @classmethod
    def read(cls, session: DbSession, pairs: dict[int, dict[int, MatchDocument]]) -> _Meaning:
        claims: dict[int, Array] = {}
        for chunk in _chunks(pairs):
            claims.update((claim_id, sentence_model.from_bytes(data))
                          for claim_id, data in session.execute(
                              sa.select(ClaimMatchFigure.claim_id, ClaimMatchFigure.vector)
                              .where(ClaimMatchFigure.claim_id.in_(chunk),
                                     ClaimMatchFigure.vector_model == sentence_model.MODEL_NAME))
                          if data is not None)
        documents = vectors.document_vectors(
            session, [key for found in pairs.values() for key in found]) if claims else {}
        return cls(claims, documents)

    def has(self, claim_id: int, document_id: int) -> bool:
        return claim_id in self.claims and document_id in self.documents

    def similarity(self, claim_id: int, document_id: int, words: float) -> float:
        claim, document = self.claims.get(claim_id), self.documents.get(document_id)
        if claim is None or document is None:
            return combined_similarity(words, None)
        return combined_similarity(words, float(claim @ document))


def _stored_matches(session: DbSession, claim_ids: list[int]) -> dict[int, list[Match]]:
    """Each claim's stored matches, in their stored order."""
    found: dict[int, list[Match]] = {}
    for chunk in _chunks(claim_ids):
        for claim_id, document_id, similarity in session.execute(
                sa.select(ClaimMatch.claim_id, ClaimMatch.document_id, ClaimMatch.similarity)
                .where(ClaimMatch.claim_id.in_(chunk))
                .order_by(ClaimMatch.claim_id, ClaimMatch.position,
                          ClaimMatch.similarity.desc(), ClaimMatch.document_id)):
            found.setdefault(claim_id, []).append(Match(document_id, similarity))
    return found


def _update_best(session: DbSession, claim_ids: set[int]) -> None:
    best = (sa.select(sa.func.coalesce(sa.func.max(ClaimMatch.similarity), 0.0))
            .where(ClaimMatch.claim_id == ClaimMatchFigure.claim_id).scalar_subquery())
    for chunk in _chunks(claim_ids):
        session.execute(sa.update(ClaimMatchFigure).where(ClaimMatchFigure.claim_id.in_(chunk))
                        .values(best_similarity=best))
