"""ClaimReview markup (schema.org) for one published verdict, and the
checks the fact-check publishers' profile asks of it.

Pure: built from plain values, so the export, the tests and anything else
produce and judge the same documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from factcheck.domain.ratings import BEST_RATING, WORST_RATING, TruthRating
from factcheck.domain.sources import SourceKind

SCHEMA_CONTEXT = "https://schema.org"
# Search engines cut longer claims in their snippets.
CLAIM_REVIEWED_MAX = 75
# A named person (or an unnamed one) said it; anything else speaks as a body.
_PERSON_KINDS = frozenset({SourceKind.PERSON, SourceKind.ANONYMOUS})


@dataclass(frozen=True)
class Publisher:
    """The fact-checking organization: the ClaimReview's author."""

    name: str
    url: str


@dataclass(frozen=True)
class PublicCorrection:
    """A dated correction as readers are told it (schema.org's
    CorrectionComment on the ClaimReview)."""

    published_at: datetime
    text: str


@dataclass(frozen=True)
class ReviewedClaim:
    """What one published verdict contributes to its ClaimReview."""

    claim_text: str
    rating: TruthRating
    review_url: str
    published_at: datetime
    modified_at: datetime | None = None
    # The original source: the last hop of the claim's first chain.
    claim_author: str | None = None
    claim_author_kind: SourceKind | None = None
    article_url: str | None = None
    article_title: str | None = None
    outlet: str | None = None
    article_published_on: date | None = None
    corrections: tuple[PublicCorrection, ...] = ()


@dataclass
class Findings:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def review_rating(rating: TruthRating) -> dict[str, Any]:
    """The house label always; numbers only for ratings on the true/false
    scale (Unverifiable says nothing about truth, so it has no value)."""
    value = rating.info.claimreview_value
    if value is None:
        return {"@type": "Rating", "alternateName": rating.label}
    return {"@type": "Rating", "ratingValue": value, "bestRating": BEST_RATING,
            "worstRating": WORST_RATING, "alternateName": rating.label}


def _claim(item: ReviewedClaim) -> dict[str, Any]:
    claim: dict[str, Any] = {"@type": "Claim"}
    author = item.claim_author or item.outlet
    if author:
        kind = item.claim_author_kind if item.claim_author else SourceKind.PUBLICATION
        claim["author"] = {"@type": "Person" if kind in _PERSON_KINDS else "Organization",
                           "name": author}
    if item.article_published_on:
        claim["datePublished"] = item.article_published_on.isoformat()
    if item.article_url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": item.article_url}
        if item.article_title:
            appearance["headline"] = item.article_title
        if item.article_published_on:
            appearance["datePublished"] = item.article_published_on.isoformat()
        if item.outlet:
            appearance["publisher"] = {"@type": "Organization", "name": item.outlet}
        claim["appearance"] = appearance
    return claim


def claim_review(item: ReviewedClaim, publisher: Publisher, *,
                 with_context: bool = True) -> dict[str, Any]:
    document: dict[str, Any] = {"@context": SCHEMA_CONTEXT} if with_context else {}
    document.update({
        "@type": "ClaimReview",
        "url": item.review_url,
        "claimReviewed": item.claim_text,
        "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
        "datePublished": item.published_at.date().isoformat(),
        "reviewRating": review_rating(item.rating),
        "itemReviewed": _claim(item),
    })
    if item.modified_at is not None:
        document["dateModified"] = item.modified_at.date().isoformat()
    if item.corrections:
        document["correction"] = [
            {"@type": "CorrectionComment", "datePublished": c.published_at.date().isoformat(),
             "text": c.text} for c in item.corrections]
    return document


# An absolute http(s) address with a host: all an aggregator needs to
# follow it. A regex, not urlsplit: it runs three times per exported row.
_WEB_ADDRESS = re.compile(r"https?://[^/\s?#@]+(?:[/?#]\S*)?\Z", re.IGNORECASE)


def _is_web_address(value: object) -> bool:
    return isinstance(value, str) and _WEB_ADDRESS.match(value) is not None


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _check_rating(rating: object, errors: list[str]) -> None:
    if not isinstance(rating, dict):
        errors.append("reviewRating is missing.")
        return
    if not str(rating.get("alternateName") or "").strip():
        errors.append("reviewRating.alternateName is missing.")
    if "ratingValue" not in rating:
        return
    try:
        value, best, worst = (int(rating[key])
                              for key in ("ratingValue", "bestRating", "worstRating"))
    except (KeyError, TypeError, ValueError):
        errors.append("reviewRating with a ratingValue needs numeric bestRating and worstRating.")
        return
    if not worst <= value <= best:
        errors.append(f"reviewRating.ratingValue {value} is outside {worst}..{best}.")


def _check_item_reviewed(item: object, errors: list[str], warnings: list[str]) -> None:
    if not isinstance(item, dict) or item.get("@type") != "Claim":
        errors.append("itemReviewed must be a Claim.")
        return
    author = item.get("author")
    if not isinstance(author, dict) or not str(author.get("name") or "").strip():
        warnings.append("itemReviewed.author (who made the claim) is missing.")
    appearance = item.get("appearance")
    if appearance is None:
        warnings.append("itemReviewed.appearance (where the claim appeared) is missing.")
    elif not isinstance(appearance, dict) or not _is_web_address(appearance.get("url")):
        errors.append("itemReviewed.appearance.url must be an http(s) address.")
    if "datePublished" in item and not _is_iso_date(item["datePublished"]):
        errors.append("itemReviewed.datePublished is not an ISO date.")


def validate(document: dict[str, Any]) -> Findings:
    """Errors make the markup unusable to aggregators; warnings make it
    weaker (a long claimReviewed is cut in search results)."""
    findings = Findings()
    errors, warnings = findings.errors, findings.warnings
    if document.get("@type") != "ClaimReview":
        errors.append("@type must be ClaimReview.")
    claim_text = document.get("claimReviewed")
    if not isinstance(claim_text, str) or not claim_text.strip():
        errors.append("claimReviewed is missing.")
    elif len(claim_text) > CLAIM_REVIEWED_MAX:
        warnings.append(f"claimReviewed is {len(claim_text)} characters; "
                        f"over {CLAIM_REVIEWED_MAX} it is cut in search results.")
    if not _is_web_address(document.get("url")):
        errors.append("url must be the http(s) address of the published fact-check.")
    author = document.get("author")
    if not isinstance(author, dict) or not str(author.get("name") or "").strip():
        errors.append("author.name (the fact-checking organization) is missing.")
    elif not _is_web_address(author.get("url")):
        errors.append("author.url must be the organization's http(s) address.")
    if not _is_iso_date(document.get("datePublished")):
        errors.append("datePublished is missing or not an ISO date.")
    if "dateModified" in document and not _is_iso_date(document["dateModified"]):
        errors.append("dateModified is not an ISO date.")
    _check_rating(document.get("reviewRating"), errors)
    _check_item_reviewed(document.get("itemReviewed"), errors, warnings)
    return findings


# One encoder for every row: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def script_safe_json(document: object) -> str:
    """JSON that can sit inside <script type="application/ld+json"> as is:
    no character of it can close the element or open a comment, and the
    meaning is unchanged for any JSON reader."""
    # Chained replace: each is one scan in C, several times quicker than
    # str.translate with a table over a whole export.
    return (_ENCODER.encode(document).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))
