"""What our own published verdicts are searched by. The one place that
reads the text of a published claim, so it can follow the claim's text
to wherever publication keeps it (a published snapshot, for instance)."""

from __future__ import annotations

from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict


def published_claim_text(claim: Claim, verdict: Verdict) -> str:
    del verdict  # the verdict does not yet keep its own copy of the claim's text
    return claim.text
