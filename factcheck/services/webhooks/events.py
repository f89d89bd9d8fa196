"""Recording events for webhook endpoints, in the caller's transaction: the
change that causes an event and its delivery rows commit (or roll back)
together, so an endpoint never hears of a change that did not happen and
never misses one that did. Sending happens later, in a worker.

Payloads carry what a partner may see: published text, ratings, public
notes and ids; never reviewers, internal notes or reopen reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from factcheck.domain.webhooks import DeliveryStatus, EventType, body_of, new_event_id
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction
from factcheck.models.types import utcnow
from factcheck.models.verdict import Verdict
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.core.session import DbSession
from factcheck.services.webhooks import queue_wiring


def record_event(session: DbSession, kind: EventType, data: Mapping[str, Any], *,
                 now: datetime | None = None,
                 endpoints: Sequence[WebhookEndpoint] | None = None) -> list[WebhookDelivery]:
    """One delivery per enabled endpoint that wants ``kind`` (or per given
    endpoint), all with the same event id and body, due at once."""
    if endpoints is None:
        enabled = session.scalars(sa.select(WebhookEndpoint)
                                  .where(WebhookEndpoint.enabled.is_(True))
                                  .order_by(WebhookEndpoint.id))
        endpoints = [endpoint for endpoint in enabled if endpoint.wants(kind)]
    if not endpoints:
        return []
    occurred = now or utcnow()
    event_id = new_event_id()
    body = body_of(event_id, kind, occurred, data)
    rows = [WebhookDelivery(endpoint_id=endpoint.id, event_id=event_id, event_type=kind,
                            payload=body, status=DeliveryStatus.PENDING, attempts=0,
                            next_attempt_at=occurred, created_at=occurred)
            for endpoint in endpoints]
    session.add_all(rows)
    session.flush()
    queue_wiring.deliveries_recorded(session, [row.id for row in rows])
    return rows


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _article(article: Article) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "outlet": article.outlet,
            "url": article.url,
            "published_on": article.published_on.isoformat() if article.published_on else None}


def _claim(claim: Claim, text: str | None = None) -> dict[str, Any]:
    return {"id": claim.id, "text": text or claim.text, "status": claim.status.value,
            "article": _article(claim.article)}


def verdict_published(session: DbSession, claim: Claim, verdict: Verdict) -> None:
    record_event(session, EventType.VERDICT_PUBLISHED, {
        # The claim as the verdict judged it (its frozen snapshot).
        "claim": _claim(claim, verdict.claim_text),
        "verdict": {"id": verdict.id, "rating": verdict.rating.value,
                    "rating_label": verdict.rating.label,
                    "public_rationale": verdict.public_rationale,
                    "claimant": verdict.claimant,
                    "published_at": _when(verdict.published_at),
                    "supersedes_id": verdict.supersedes_id},
    })


def correction_published(session: DbSession, correction: Correction) -> None:
    """A dated correction readers see (a published verdict changed,
    withdrawn, or confirmed for a changed article): only its public note."""
    session.flush()
    record_event(session, EventType.CORRECTION_PUBLISHED, {
        "claim": _claim(correction.claim),
        "correction": {"id": correction.id, "kind": correction.kind.value,
                       "kind_label": correction.kind.label,
                       "previous_rating": (correction.previous_rating.value
                                           if correction.previous_rating else None),
                       "new_rating": (correction.new_rating.value
                                      if correction.new_rating else None),
                       "public_note": correction.public_note,
                       "created_at": _when(correction.created_at)},
    })


def claim_disputed(session: DbSession, claim: Claim) -> None:
    """Reviewers disagree; who rated what stays in the house."""
    record_event(session, EventType.CLAIM_DISPUTED, {"claim": _claim(claim)})


def article_stale(session: DbSession, article: Article, revision_number: int,
                  stale_claim_ids: Sequence[int]) -> None:
    """A new revision of the article changed or lost claims that had
    reviews or a verdict: those verdicts need an editor again."""
    record_event(session, EventType.ARTICLE_STALE, {
        "article": _article(article), "revision": revision_number,
        "stale_claim_ids": list(stale_claim_ids)})
