"""Published verdicts on claims like this one, ours and other
fact-checkers', best first: the full-text index proposes candidates, the
shared ranking (factcheck.domain.matching.ranking) orders them the same
way on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from factcheck.domain.matching.queries import candidate_terms, fts5_query, tsquery
from factcheck.domain.matching.ranking import Candidate, IndexStats, Ranked, rank
from factcheck.domain.matching.tokens import terms
from factcheck.domain.roles import Permission
from factcheck.models.claim import Claim
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument, MatchTerm
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession
from factcheck.services.matching.published_text import published_claim_text

# How many candidates the full-text index hands to the ranking per query.
CANDIDATES = 100
MAX_LIMIT = 50
OUR_PUBLISHER = "Our desk"


@dataclass(frozen=True)
class Thresholds:
    """Similarity (0..1) from which a verdict is shown at all, and from
    which it is highlighted as likely the same claim. The app takes them
    from configuration (FACTCHECK_MATCH_SIMILAR, FACTCHECK_MATCH_LIKELY_SAME);
    these defaults were chosen on the CLEF 2020 development queries
    (README: Claim matching)."""

    similar: float = 0.25
    likely_same: float = 0.4


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
    excluded = list(exclude_claim_ids or [None] * len(texts))
    queries = [terms(text) for text in texts]
    stats = _stats(session)
    if not stats.documents:
        return [[] for _ in texts]
    counts = _term_counts(session, {term for query in queries for term in query})
    keys = [_candidates(session, candidate_terms(query, counts, stats.documents))
            for query in queries]
    documents = _documents(session, {key for found in keys for key in found})
    kept: list[list[Ranked]] = []
    for query, found in zip(queries, keys, strict=True):
        ranked = rank(query, [documents[key] for key in found if key in documents], counts,
                      stats)
        kept.append([item for item in ranked if item.similarity >= thresholds.similar])
    return _describe(session, kept, limit, thresholds, excluded)


def _stats(session: DbSession) -> IndexStats:
    row = session.execute(sa.select(sa.func.count(), sa.func.avg(MatchDocument.claim_length),
                                    sa.func.avg(MatchDocument.title_length))).one()
    return IndexStats(int(row[0] or 0), float(row[1] or 0.0), float(row[2] or 0.0))


def _term_counts(session: DbSession, wanted: set[str]) -> dict[str, int]:
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


def _documents(session: DbSession, keys: set[int]) -> dict[int, Candidate]:
    found: dict[int, Candidate] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        rows = session.execute(sa.select(MatchDocument.id, MatchDocument.claim_terms,
                                         MatchDocument.title_terms)
                               .where(MatchDocument.id.in_(ordered[start:start + 500])))
        for key, claim, title in rows:
            found[key] = Candidate(key, tuple(claim.split()), tuple(title.split()))
    return found


def _describe(session: DbSession, ranked_lists: list[list[Ranked]], limit: int,
              thresholds: Thresholds, excluded: list[int | None]) -> list[list[Suggestion]]:
    """Suggestions for the best of each list; the rows behind them are read
    once for all lists (a query per kind, not per suggestion)."""
    wanted = {item.key for ranked in ranked_lists for item in ranked[:limit + 1]}
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
    for ranked, exclude in zip(ranked_lists, excluded, strict=True):
        suggestions: list[Suggestion] = []
        for item in ranked[:limit + 1]:
            document = documents[item.key]
            if document.claim_id is not None and document.claim_id == exclude:
                continue
            same = item.similarity >= thresholds.likely_same
            if document.external_verdict_id in externals:
                suggestions.append(_theirs(externals[document.external_verdict_id],
                                           item.similarity, same))
            elif document.verdict_id in ours:
                suggestions.append(_ours(*ours[document.verdict_id], item.similarity, same))
        results.append(suggestions[:limit])
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
