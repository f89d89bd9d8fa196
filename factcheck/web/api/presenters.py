"""Rows as the API's documents (see schemas.py for their shapes)."""

from __future__ import annotations

from typing import Any

from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction
from factcheck.models.review import Review
from factcheck.models.source import Source
from factcheck.models.verdict import Verdict
from factcheck.services.claims.detail import ClaimDetail


def article(row: Article) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "outlet": row.outlet, "byline": row.byline,
            "url": row.url, "published_on": row.published_on, "added_at": row.added_at}


def article_with_claims(row: Article) -> dict[str, Any]:
    return {**article(row), "body": row.body, "claims": [claim(c) for c in row.claims]}


def verdict_brief(row: Verdict | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row.id, "rating": row.rating, "approved_at": row.approved_at,
            "published_at": row.published_at}


def claim(row: Claim) -> dict[str, Any]:
    return {"id": row.id, "article_id": row.article_id, "text": row.text, "start": row.start,
            "end": row.end, "kind": row.kind, "status": row.status,
            "checkworthiness": row.checkworthiness, "assignee_id": row.assignee_id,
            "version": row.version, "created_at": row.created_at,
            "updated_at": row.updated_at, "verdict": verdict_brief(row.current_verdict)}


def review(row: Review) -> dict[str, Any]:
    return {"id": row.id, "reviewer_id": row.reviewer_id,
            "reviewer": row.reviewer.display_name, "truth": row.truth_rating,
            "attribution": row.attribution_rating, "rationale": row.rationale,
            "evidence": [{"url": item.url, "title": item.title, "stance": item.stance,
                          "note": item.note} for item in row.evidence],
            "submitted_at": row.submitted_at, "version": row.version}


def claim_detail(detail: ClaimDetail) -> dict[str, Any]:
    row = detail.claim
    chains = [[{"source_id": hop.source_id, "source": hop.source.name, "kind": hop.source.kind,
                "cue": hop.cue, "hedges": [h for h in hop.hedges.split(",") if h],
                "inherited": hop.inherited} for hop in chain.hops]
              for chain in row.attributions]
    return {**claim(row), "chains": chains,
            "reviews": [review(r) for r in detail.visibility.reviews],
            "hidden_reviews": detail.visibility.hidden,
            "verdicts": [verdict_brief(v) for v in row.verdicts]}


def verdict(row: Verdict) -> dict[str, Any]:
    return {**(verdict_brief(row) or {}), "claim_id": row.claim_id,
            "claim_text": row.claim_text, "public_rationale": row.public_rationale,
            "attribution_rating": row.attribution_rating, "claimant": row.claimant,
            "supersedes_id": row.supersedes_id, "correction_note": row.correction_note}


def correction(row: Correction, internal: bool) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": row.id, "claim_id": row.claim_id, "kind": row.kind,
        "previous_rating": row.previous_rating, "new_rating": row.new_rating,
        "public_note": row.public_note, "created_at": row.created_at}
    if internal:
        shown["note"] = row.note
    return shown


def source(row: Source) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "kind": row.kind, "url": row.url,
            "notes": row.notes, "aliases": [alias.alias for alias in row.aliases],
            "suggested": row.suggested, "created_at": row.created_at}
