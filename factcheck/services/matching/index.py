"""Writing the search index: one document per published claim of ours and
one per imported verdict, with the term counts that weigh rare words.
Always inside the caller's transaction (publishing or importing), so the
index never disagrees with what was committed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa

from factcheck.domain.matching.tokens import terms
from factcheck.models.claim import Claim
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument
from factcheck.models.verdict import Verdict
from factcheck.services.core.session import DbSession
from factcheck.services.matching import vectors
from factcheck.services.matching.claim_figures import match_arrivals
from factcheck.services.matching.published_text import published_claim_text

_ADD_TERM_COUNTS = sa.text(
    "INSERT INTO match_terms (term, documents) VALUES (:term, :change) "
    "ON CONFLICT (term) DO UPDATE SET documents = match_terms.documents + excluded.documents")


def _set_terms(document: MatchDocument, claim_text: str, title: str,
               changes: Counter[str]) -> None:
    old = set(document.claim_terms.split()) | set(document.title_terms.split())
    claim_terms, title_terms = terms(claim_text), terms(title)
    document.claim_terms = " ".join(claim_terms)
    document.title_terms = " ".join(title_terms)
    document.claim_length, document.title_length = len(claim_terms), len(title_terms)
    new = set(claim_terms) | set(title_terms)
    changes.update(dict.fromkeys(new - old, 1))
    changes.subtract(dict.fromkeys(old - new, 1))


def apply_term_counts(session: DbSession, changes: Counter[str]) -> None:
    # Sorted, so two transactions touching the same terms lock them in the
    # same order and cannot deadlock.
    rows = [{"term": term, "change": change} for term, change in sorted(changes.items())
            if change]
    if rows:
        session.execute(_ADD_TERM_COUNTS, rows)


def _new_document(**owner: int | None) -> MatchDocument:
    return MatchDocument(claim_terms="", title_terms="", claim_length=0, title_length=0,
                         **owner)


def index_published(session: DbSession, claim: Claim, verdict: Verdict) -> None:
    """Call when a verdict is published: the claim becomes findable (or its
    document follows the newer published verdict)."""
    document = session.scalar(sa.select(MatchDocument).where(MatchDocument.claim_id == claim.id))
    if document is None:
        document = _new_document(claim_id=claim.id)
        session.add(document)
    document.verdict_id = verdict.id
    changes: Counter[str] = Counter()
    _set_terms(document, published_claim_text(claim, verdict), "", changes)
    apply_term_counts(session, changes)
    session.flush()
    # First: a vector of its former text is dropped before the claims meet it.
    vectors.request_vectors(session, [document.id])
    match_arrivals(session, [document])  # claims already in the desk meet it now


def index_external(session: DbSession, verdicts: Iterable[ExternalVerdict]
                   ) -> list[MatchDocument]:
    """Index (or re-index) imported verdicts; one term-count write for the
    lot. Returns their documents: the caller hands everything it imported
    to ``match_arrivals`` once (one pass over the stored claims)."""
    batch = list(verdicts)
    existing = {document.external_verdict_id: document for document in session.scalars(
        sa.select(MatchDocument).where(
            MatchDocument.external_verdict_id.in_([v.id for v in batch])))} if batch else {}
    changes: Counter[str] = Counter()
    documents = []
    for verdict in batch:
        document = existing.get(verdict.id)
        if document is None:
            document = _new_document(external_verdict_id=verdict.id)
            session.add(document)
        _set_terms(document, verdict.claim_text, verdict.headline, changes)
        documents.append(document)
    apply_term_counts(session, changes)
    session.flush()
    vectors.request_vectors(session, [document.id for document in documents])
    return documents


def reindex_published(session: DbSession) -> int:
    """Index every claim's latest published verdict (after an upgrade, for
    verdicts published before the index existed). Idempotent."""
    latest = (sa.select(Verdict.claim_id, sa.func.max(Verdict.id).label("verdict_id"))
              .where(Verdict.published_at.is_not(None)).group_by(Verdict.claim_id).subquery())
    rows = session.execute(sa.select(Claim, Verdict)
                           .join(latest, latest.c.claim_id == Claim.id)
                           .join(Verdict, Verdict.id == latest.c.verdict_id)).all()
    for claim, verdict in rows:
        index_published(session, claim, verdict)
    return len(rows)
