"""Fact-checks made public through the real workflow (two blind reviews,
an editor's decision, publication), for the public pages' tests; and many
at once, written straight to the tables, for the query-count tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.domain.snapshots import chains_to_json
from factcheck.domain.sources import SourceKind
from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict
from factcheck.services.review import reviews, verdicts
from factcheck.services.review.reviews import EvidenceInput, ReviewInput
from tests.support.verdicts import add_chain, make_article
from tests.support.workflow import acting

REVIEWER_RATIONALE = "Reviewer-only reasoning: rang the harbour master at home."
REVIEWER_NOTE = "Reviewer-only note: the clerk was unsure."
INTERNAL_REASON = "Internal: the outlet's lawyer phoned the desk."


def reviewed(session: Any, people: dict[str, Any], text: str, *,
             rating: TruthRating = TruthRating.FALSE, outlet: str = "Harbour Post",
             evidence_url: str = "https://stats.example/cargo") -> Claim:
    """A claim with two agreeing, submitted reviews carrying evidence."""
    _, (claim,) = make_article(session, people["editor"].id, [text], outlet=outlet,
                               title=f"{outlet} story: {text[:30]}")
    add_chain(session, claim, [(outlet, SourceKind.PUBLICATION),
                               ("Port Authority spokesperson", SourceKind.PERSON)])
    for person in ("one", "two"):
        reviews.save_review(session, acting(session, people[person]), claim.id, ReviewInput(
            rating, AttributionRating.ACCURATE, REVIEWER_RATIONALE,
            [EvidenceInput(url=evidence_url, title="Port statistics", note=REVIEWER_NOTE,
                           stance=EvidenceStance.REFUTES)]),
            submit=True, expected_version=None, required=2)
        session.commit()
    return claim


def decide(session: Any, people: dict[str, Any], claim: Claim, rating: TruthRating,
           rationale: str = "Port records show cargo rose.") -> None:
    session.refresh(claim)
    verdicts.decide(session, acting(session, people["editor"]), claim.id, rating=rating,
                    public_rationale=rationale, expected_version=claim.version)
    session.commit()


def publish(session: Any, people: dict[str, Any], claim: Claim, note: str = "") -> None:
    session.refresh(claim)
    verdicts.publish(session, acting(session, people["editor"]), claim.id,
                     correction_note=note, expected_version=claim.version)
    session.commit()


def published(session: Any, people: dict[str, Any], text: str, *,
              rating: TruthRating = TruthRating.FALSE, **options: Any) -> Claim:
    claim = reviewed(session, people, text, rating=rating, **options)
    decide(session, people, claim, rating)
    publish(session, people, claim)
    return claim


def withdraw(session: Any, people: dict[str, Any], claim: Claim,
             public_note: str = "We are checking new port figures.") -> None:
    session.refresh(claim)
    verdicts.reopen(session, acting(session, people["editor"]), claim.id,
                    reason=INTERNAL_REASON, public_note=public_note,
                    expected_version=claim.version, required=2)
    session.commit()


def corrected(session: Any, people: dict[str, Any], claim: Claim, rating: TruthRating,
              note: str) -> None:
    """Withdrawn, decided again with another rating and published again."""
    withdraw(session, people, claim)
    decide(session, people, claim, rating, rationale="New port figures change the picture.")
    publish(session, people, claim, note=note)


def many_published(session: Any, editor_id: int, count: int, *, start: datetime | None = None,
                   outlet: str = "Bulk Gazette") -> list[Claim]:
    """``count`` published verdicts with snapshots, an hour apart."""
    start = start or datetime(2025, 1, 1, tzinfo=UTC)
    texts = [f"Bulk claim number {number} about the port" for number in range(count)]
    _, claims = make_article(session, editor_id, texts, outlet=outlet)
    for number, claim in enumerate(claims):
        when = start + timedelta(hours=number)
        session.add(Verdict(claim=claim, rating=TruthRating.MOSTLY_TRUE,
                            public_rationale="Bulk rationale.", approved_by_id=editor_id,
                            approved_at=when, published_at=when, claim_text=claim.text,
                            chains_json=chains_to_json([]), claimant=outlet,
                            claimant_kind=SourceKind.PUBLICATION))
        claim.status = ClaimStatus.PUBLISHED
    session.commit()
    return claims
