"""What our own published verdicts are searched by: the claim as the
verdict judged it (its snapshot), so a later edit of the claim never
changes what the published verdict is found by."""

from __future__ import annotations

from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict


def published_claim_text(claim: Claim, verdict: Verdict) -> str:
    # Verdicts written before snapshots existed fall back to the claim as it stands.
    return verdict.claim_text if verdict.claim_text is not None else claim.text
