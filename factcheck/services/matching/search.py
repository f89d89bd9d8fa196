"""Published verdicts on claims like this one, ours and other
fact-checkers', best first: the full-text index proposes candidates, the
shared ranking (factcheck.domain.matching.ranking) orders them the same
way on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from factcheck.config import Settings
from factcheck.domain.matching.fusion import combined_similarity, fuse
from factcheck.domain.matching.queries import candidate_terms, fts5_query, tsquery
from factcheck.domain.matching.ranking import Candidate, IndexStats, rank
from factcheck.domain.matching.tokens import terms
from factcheck.domain.roles import Permission
from factcheck.models.claim import Claim
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument, MatchTerm
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession
from factcheck.services.matching import vectors
from factcheck.services.matching.published_text import published_claim_text
from factcheck.services.matching.sentence_model import Array

# How many candidates the full-text index hands to the ranking per query.
CANDIDATES = 100
MAX_LIMIT = 50
OUR_PUBLISHER = "Our desk"


@dataclass(frozen=True)
class Thresholds:
    """Similarity (0..1) from which a verdict is shown at all, and from
    which it is highlighted as likely the same claim. The app takes them
    from configuration (FACTCHECK_MATCH_SIMILAR, FACTCHECK_MATCH_LIKELY_SAME),
    defaulting to the pair for the similarity in use (below)."""

    similar: float = 0.25
    likely_same: float = 0.4


# The words' similarity alone: chosen on the CLEF 2020 development queries
# (README: Claim matching).
LEXICAL_THRESHOLDS = Thresholds(similar=0.25, likely_same=0.4)
# Words and meaning together (fusion.combined_similarity): chosen on the
# training queries, as the first similarity keeping 87% of the right
# fact-checks in the top five, and the first at which the top suggestion
# was right 98% of the time (bench/matching_calibration.py; README:
# Semantic matching).
SEMANTIC_THRESHOLDS = Thresholds(similar=0.4, likely_same=0.575)


def configured_thresholds(similar: float | None, likely_same: float | None) -> Thresholds:
    """The thresholds as configured; one not set is the default for the
    similarity in use (the two scales differ)."""
    defaults = SEMANTIC_THRESHOLDS if vectors.active() else LEXICAL_THRESHOLDS
    return Thresholds(similar=defaults.similar if similar is None else similar,
                      likely_same=defaults.likely_same if likely_same is None else likely_same)


def thresholds_of(settings: Settings) -> Thresholds:
    """The thresholds the app's settings give (FACTCHECK_MATCH_SIMILAR,
    FACTCHECK_MATCH_LIKELY_SAME), for pages, figures and the CLI alike."""
    return configured_thresholds(settings.match_similar, settings.match_likely_same)


@dataclass(frozen=True)
class Suggestion:
    similarity: float
    likely_same: bool
    claim_text: str
    rating: str
    rating_value: float | None
    date: date | None
    publisher: str
    # Ours: the claim's id (the page builds the link); theirs: the review's URL.
    claim_id: int | None
    external_verdict_id: int | None
    link: str


def similar_verdicts(actor: Actor, session: DbSession, text: str, limit: int = 5, *,
                     thresholds: Thresholds = Thresholds(),
                     exclude_claim_id: int | None = None) -> list[Suggestion]:
    return similar_for_many(actor, session, [text], limit, thresholds=thresholds,
                            exclude_claim_ids=[exclude_claim_id])[0]


def similar_for_many(actor: Actor, session: DbSession, texts: Sequence[str], limit: int = 5,
                     *, thresholds: Thresholds = Thresholds(),
                     exclude_claim_ids: Sequence[int | None] | None = None,
                     ) -> list[list[Suggestion]]:
    """One list per text (an article's claims in one go: the index's
    statistics and term counts are read once)."""
    require(actor, Permission.VIEW_ARTICLES)
    limit = max(1, min(limit, MAX_LIMIT))
    found = ranked_matches(session, texts, exclude_claim_ids, depth=limit)
    return describe(session, [[match for match in matches if match.similarity >= thresholds.similar]
                              for matches in found], limit, thresholds)


@dataclass(frozen=True)
class Match:
    """A published verdict's search document and its similarity to a claim."""

    document_id: int
    similarity: float


def ranked_matches(session: DbSession, texts: Sequence[str],
                   exclude_claim_ids: Sequence[int | None] | None = None, *,
                   depth: int) -> list[list[Match]]:
    """The best ``depth`` documents for each text, best first, whatever
    their similarity; a claim's own published verdict is left out."""
    queries = [terms(text) for text in texts]
    stats = index_stats(session)
    if not stats.documents:
        return [[] for _ in texts]
    counts = term_counts(session, {term for query in queries for term in query})
    return rank_queries(session, queries, exclude_claim_ids, depth, stats, counts, texts=texts)


def rank_queries(session: DbSession, queries: Sequence[Sequence[str]],
                 exclude_claim_ids: Sequence[int | None] | None, depth: int,
                 stats: IndexStats, counts: Mapping[str, int], *,
                 texts: Sequence[str] | None = None,
                 encoded: Array | None = None) -> list[list[Match]]:
    """``ranked_matches`` for texts already reduced to terms, with the
    index's statistics and their terms' counts already read. Given the
    texts too, and with semantic matching on (README: Semantic matching),
    the ranking is fused with the sentence vectors' (``encoded``: the
    texts' vectors, when the caller has them)."""
    if not stats.documents:
        return [[] for _ in queries]
    excluded = list(exclude_claim_ids or [None] * len(queries))
    keys = [_candidates(session, candidate_terms(query, counts, stats.documents))
            for query in queries]
    documents = _documents(session, {key for found in keys for key in found})
    lexical: list[list[tuple[int, float]]] = []
    for query, found, exclude in zip(queries, keys, excluded, strict=True):
        candidates = [documents[key] for key in found
                      if key in documents and (exclude is None or documents[key][1] != exclude)]
        ranked = rank(query, [candidate for candidate, _ in candidates], counts, stats)
        lexical.append([(item.key, item.similarity) for item in ranked])
    if texts is not None and vectors.active():
        nearest = vectors.nearest(session, texts, excluded, encoded=encoded)
        return _fused(session, queries, lexical, nearest, depth, stats, counts)
    return [[Match(key, similarity) for key, similarity in ranked[:depth]]
            for ranked in lexical]


def _fused(session: DbSession, queries: Sequence[Sequence[str]],
           lexical: list[list[tuple[int, float]]], nearest: list[vectors.Nearest], depth: int,
           stats: IndexStats, counts: Mapping[str, int]) -> list[list[Match]]:
    """The lexical ranking fused with the nearest documents by vector (the
    order); each kept document's similarity is its words' and meaning's
    together (fusion.combined_similarity), never its rank."""
    chosen = [fuse([key for key, _ in ranked], neighbours.keys)[:depth]
              for ranked, neighbours in zip(lexical, nearest, strict=True)]
    words = [dict(ranked) for ranked in lexical]
    # Found by meaning alone: their words were not among the lexical
    # candidates, so they are scored here (a few per claim).
    unscored = {key for keys, known in zip(chosen, words, strict=True)
                for key in keys if key not in known}
    documents = _documents(session, unscored) if unscored else {}
    # A process's vectors may still hold a verdict withdrawn since: gone here.
    chosen = [[key for key in keys if key in known or key in documents]
              for keys, known in zip(chosen, words, strict=True)]
    for query, keys, known in zip(queries, chosen, words, strict=True):
        missing = [documents[key][0] for key in keys if key not in known and key in documents]
        known.update((item.key, item.similarity) for item in rank(query, missing, counts, stats))
    return [[Match(key, combined_similarity(known.get(key, 0.0), neighbours.cosine(key)))
             for key in keys]
            for keys, known, neighbours in zip(chosen, words, nearest, strict=True)]


def index_stats(session: DbSession) -> IndexStats:
    row = session.execute(sa.select(sa.func.count(), sa.func.avg(MatchDocument.claim_length),
                                    sa.func.avg(MatchDocument.title_length))).one()
    return IndexStats(int(row[0] or 0), float(row[1] or 0.0), float(row[2] or 0.0))


def term_counts(session: DbSession, wanted: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        found.update(session.execute(sa.select(MatchTerm.term, MatchTerm.documents)
                                     .where(MatchTerm.term.in_(chunk))).all())
    return found


def _candidates(session: DbSession, query_terms: list[str]) -> list[int]:
    if not query_terms:
        return []
    if session.get_bind().dialect.name == "postgresql":
        statement = sa.text(
            "SELECT id FROM match_documents WHERE search_vector @@ to_tsquery('simple', :q) "
            "ORDER BY ts_rank(search_vector, to_tsquery('simple', :q)) DESC, id LIMIT :k")
        query = tsquery(query_terms)
    else:
        statement = sa.text(
            "SELECT rowid FROM match_fts WHERE match_fts MATCH :q "
            "ORDER BY bm25(match_fts, 1.0, 0.6), rowid LIMIT :k")
        query = fts5_query(query_terms)
    return list(session.execute(statement, {"q": query, "k": CANDIDATES}).scalars())


def _documents(session: DbSession, keys: set[int]) -> dict[int, tuple[Candidate, int | None]]:
    """Each document's terms, and the claim it is ours on (None: imported)."""
    found: dict[int, tuple[Candidate, int | None]] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        rows = session.execute(sa.select(MatchDocument.id, MatchDocument.claim_terms,
                                         MatchDocument.title_terms, MatchDocument.claim_id)
                               .where(MatchDocument.id.in_(ordered[start:start + 500])))
        for key, claim, title, claim_id in rows:
            found[key] = (Candidate(key, tuple(claim.split()), tuple(title.split())), claim_id)
    return found


def describe(session: DbSession, lists: Sequence[Sequence[Match]], limit: int,
             thresholds: Thresholds) -> list[list[Suggestion]]:
    """Suggestions for the best of each list; the rows behind them are read
    once for all lists (a query per kind, not per suggestion)."""
    wanted = {match.document_id for matches in lists for match in matches[:limit]}
    documents = {document.id: document for document in session.scalars(
        sa.select(MatchDocument).where(MatchDocument.id.in_(wanted)))} if wanted else {}
    external_ids = {d.external_verdict_id for d in documents.values() if d.external_verdict_id}
    verdict_ids = {d.verdict_id for d in documents.values() if d.verdict_id}
    externals = {v.id: v for v in session.scalars(
        sa.select(ExternalVerdict).where(ExternalVerdict.id.in_(external_ids)))
    } if external_ids else {}
    ours = {verdict.id: (verdict, claim) for verdict, claim in session.execute(
        sa.select(Verdict, Claim).join(Claim, Claim.id == Verdict.claim_id)
        .where(Verdict.id.in_(verdict_ids)))} if verdict_ids else {}
    results: list[list[Suggestion]] = []
    for matches in lists:
        suggestions: list[Suggestion] = []
        for match in matches[:limit]:
            document = documents.get(match.document_id)
            if document is None:
                continue
            same = match.similarity >= thresholds.likely_same
            if document.external_verdict_id in externals:
                suggestions.append(_theirs(externals[document.external_verdict_id],
                                           match.similarity, same))
            elif document.verdict_id in ours:
                suggestions.append(_ours(*ours[document.verdict_id], match.similarity, same))
        results.append(suggestions)
    return results


def _theirs(external: ExternalVerdict, similarity: float, same: bool) -> Suggestion:
    return Suggestion(similarity=similarity, likely_same=same, claim_text=external.claim_text,
                      rating=external.rating_text, rating_value=external.rating_value,
                      date=external.review_date,
                      publisher=external.publisher_name or external.publisher_url,
                      claim_id=None, external_verdict_id=external.id, link=external.review_url)


def _ours(verdict: Verdict, claim: Claim, similarity: float, same: bool) -> Suggestion:
    published = verdict.published_at.date() if verdict.published_at else None
    return Suggestion(similarity=similarity, likely_same=same,
                      claim_text=published_claim_text(claim, verdict),
                      rating=verdict.rating.label,
                      rating_value=verdict.rating.info.claimreview_value, date=published,
                      publisher=OUR_PUBLISHER, claim_id=claim.id, external_verdict_id=None,
                      link="")
