"""Published verdicts for export and report tests, written straight to the
tables (the review workflow is not needed to have something to export)."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import EvidenceStance, TruthRating
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.models.review import Evidence, Review
from factcheck.models.source import Source
from factcheck.models.verdict import Verdict
from factcheck.services.sources.registry import name_key

_numbers = itertools.count(1)
PUBLISHED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def make_article(session: Any, user_id: int, claim_texts: Sequence[str], *,
                 title: str = "Port strike ends after nine days",
                 outlet: str | None = "Harbour Post",
                 url: str | None = None, published_on: date | None = date(2025, 3, 12)
                 ) -> tuple[Article, list[Claim]]:
    """An article whose body is its claims, one per paragraph."""
    number = next(_numbers)
    body = "\n\n".join(claim_texts)
    article = Article(title=title, outlet=outlet, byline="Desk reporter",
                      url=url if url is not None else f"https://news.example/story-{number}",
                      published_on=published_on, body=body, added_by_id=user_id,
                      content_hash=hashlib.sha256(f"{number}:{body}".encode()).hexdigest())
    session.add(article)
    claims, offset = [], 0
    for text in claim_texts:
        claim = Claim(article=article, text=text, start=offset, end=offset + len(text),
                      kind=ClaimKind.FACTUAL, status=ClaimStatus.NEW, checkworthiness=0.5)
        session.add(claim)
        claims.append(claim)
        offset += len(text) + 2
    session.commit()
    return article, claims


def source(session: Any, name: str, kind: SourceKind = SourceKind.ORGANIZATION) -> Source:
    key = name_key(name)
    found = session.scalar(sa.select(Source).where(Source.name_key == key))
    if found is None:
        found = Source(name=name, name_key=key, kind=kind)
        session.add(found)
        session.flush()
    return found


def add_chain(session: Any, claim: Claim, hops: Sequence[tuple[str, SourceKind]]) -> None:
    sources = [source(session, name, kind) for name, kind in hops]
    attribution = Attribution(position=len(claim.attributions))
    for position, found in enumerate(sources):
        attribution.hops.append(AttributionHop(position=position, source=found))
    claim.attributions.append(attribution)
    session.commit()


def publish(session: Any, claim: Claim, editor_id: int, rating: TruthRating, *,
            rationale: str = "Port records show the opposite.",
            published_at: datetime | None = PUBLISHED,
            status: ClaimStatus = ClaimStatus.PUBLISHED, correction: str = "") -> Verdict:
    """Append a verdict (superseding any earlier one) and set the status."""
    previous = claim.current_verdict
    verdict = Verdict(claim=claim, rating=rating, public_rationale=rationale,
                      approved_by_id=editor_id, approved_at=published_at or PUBLISHED,
                      published_at=published_at, correction_note=correction,
                      supersedes=previous)
    session.add(verdict)
    claim.status = status
    if previous is not None and correction:
        session.add(Correction(claim=claim, kind=CorrectionKind.VERDICT_CHANGED,
                               previous_rating=previous.rating, new_rating=rating,
                               note=correction, public_note=correction,
                               created_by_id=editor_id,
                               created_at=published_at or PUBLISHED))
    session.commit()
    return verdict


def add_review(session: Any, claim: Claim, reviewer_id: int, rating: TruthRating,
               evidence: Sequence[tuple[str, str, EvidenceStance]]) -> Review:
    review = Review(claim=claim, reviewer_id=reviewer_id, truth_rating=rating,
                    rationale="Checked the records.", submitted_at=PUBLISHED)
    for position, (url, title, stance) in enumerate(evidence):
        review.evidence.append(Evidence(position=position, url=url, title=title, stance=stance,
                                        note="Official figures"))
    session.add(review)
    session.commit()
    return review


def published_claim(session: Any, editor_id: int, text: str,
                    rating: TruthRating = TruthRating.FALSE, **article: Any) -> Claim:
    """The common case: one claim, resting on a chain, with a published verdict."""
    _, (claim,) = make_article(session, editor_id, [text], **article)
    add_chain(session, claim, [("Reuters", SourceKind.PUBLICATION),
                               ("Port Authority spokesperson", SourceKind.PERSON)])
    publish(session, claim, editor_id, rating)
    return claim
