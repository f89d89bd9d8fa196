"""Background jobs: what kinds there are, the states a job goes through,
and how long a failed one waits before its next attempt."""

from __future__ import annotations

import enum


class JobKind(enum.StrEnum):
    URL_IMPORT = "url_import"  # fetch an address and add it as an article
    ARTICLE_REFETCH = "article_refetch"  # fetch a judged article again (revisions check)
    REPORT_PDF = "report_pdf"  # an article's verdict report as a PDF to download
    REEXTRACT = "reextract"  # propose chains from a newer extractor for one article
    WEBHOOK_DELIVERY = "webhook_delivery"  # one event to one endpoint
    FIGURES_REFRESH = "figures_refresh"  # recount the dashboard's periodic figures
    CLAIM_MATCHING = "claim_matching"  # match an article's claims against published verdicts
    CLAIM_VECTORS = "claim_vectors"  # sentence vectors of published verdicts (semantic extra)

    @property
    def label(self) -> str:
        return {"url_import": "Import by address", "article_refetch": "Fetch again",
                "report_pdf": "PDF report", "reextract": "Re-extraction",
                "webhook_delivery": "Webhook delivery",
                "figures_refresh": "Dashboard figures",
                "claim_matching": "Claim matching",
                "claim_vectors": "Claim vectors"}[self.value]


class JobStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for a worker (or for its back-off to pass)
    RUNNING = "running"  # claimed by a worker whose lease has not run out
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # out of attempts, or failed for good; an admin may retry

    @property
    def label(self) -> str:
        return self.value.capitalize()


def backoff_seconds(attempts: int, base: float, cap: float) -> float:
    """The wait after the ``attempts``-th failed attempt: ``base`` doubled
    each time (base, 2 base, 4 base, ...), never more than ``cap``. No jitter:
    the ledger, not the clock, decides which worker runs a job, so workers
    that wake together cannot run one job twice."""
    if attempts < 1:
        return 0.0
    return float(min(cap, base * 2 ** min(attempts - 1, 32)))
