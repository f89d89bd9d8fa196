"""One claim as the API shows it: its chains, the reviews this person may
see (blind review applies exactly as on the claim page) and its verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.models.claim import Claim
from factcheck.services.claims.editing import get_claim
from factcheck.services.core.actors import Actor
from factcheck.services.core.session import DbSession
from factcheck.services.review.reviews import ReviewVisibility, visible_reviews


@dataclass(frozen=True)
class ClaimDetail:
    claim: Claim
    visibility: ReviewVisibility


def claim_detail(session: DbSession, actor: Actor, claim_id: int, *,
                 required: int) -> ClaimDetail:
    claim = get_claim(session, actor, claim_id)
    return ClaimDetail(claim, visible_reviews(session, actor, claim, required))
