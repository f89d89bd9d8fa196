"""Freezing what a verdict judged and publishes at approval, and the
editor's choice of claimant (see ``factcheck.domain.snapshots``)."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.domain.ratings import AttributionRating
from factcheck.domain.snapshots import (
    Chain,
    Claimant,
    chains_to_json,
    claimant_choices,
    default_claimant,
)
from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.review.reviews import agreed_of, submitted_reviews


def live_chains(claim: Claim) -> tuple[Chain, ...]:
    return tuple(tuple((hop.source.name, hop.source.kind) for hop in attribution.hops)
                 for attribution in claim.attributions)


def agreed_attribution(session: DbSession, claim_id: int) -> AttributionRating | None:
    """The attribution rating the blind originals agree on, if they do."""
    return agreed_of(submitted_reviews(session, claim_id))


@dataclass(frozen=True)
class ClaimantOptions:
    choices: list[Claimant]
    default: Claimant | None
    attribution: AttributionRating | None


def claimant_options(session: DbSession, claim: Claim,
                     attribution: AttributionRating | None = None) -> ClaimantOptions:
    return options_for(claim, attribution or agreed_attribution(session, claim.id))


def options_for(claim: Claim, attribution: AttributionRating | None) -> ClaimantOptions:
    """The claimants to choose from, given the attribution the reviews agree
    on (the review page has them loaded already)."""
    chains = live_chains(claim)
    outlet = claim.article.outlet
    return ClaimantOptions(claimant_choices(chains, outlet),
                           default_claimant(chains, attribution, outlet), attribution)


def freeze(session: DbSession, claim: Claim, verdict: Verdict,
           attribution: AttributionRating | None, claimant: str | None) -> None:
    """Fill ``verdict``'s snapshot from the claim as it stands."""
    options = claimant_options(session, claim, attribution)
    chosen = options.default
    if claimant:
        chosen = next((c for c in options.choices if c.name == claimant), None)
        if chosen is None:
            raise ValidationFailed("Choose the claimant from the claim's sources or the "
                                   "article's outlet.")
    verdict.claim_text = claim.text
    verdict.attribution_rating = options.attribution
    verdict.chains_json = chains_to_json(live_chains(claim))
    verdict.claimant = chosen.name[:300] if chosen else None
    verdict.claimant_kind = chosen.kind if chosen else None
