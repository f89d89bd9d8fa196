"""/api/v1/claims: the claim list with the web list's filters, one claim
with its chains and the reviews its reader may see, and submitting a
review through the same service as the claim page."""

from __future__ import annotations

from typing import Any

from flask import current_app

from factcheck.config import settings_of
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.claims.detail import claim_detail
from factcheck.services.claims.listing import ClaimFilters, claims_after
from factcheck.services.review import reviews
from factcheck.web.api import presenters, schemas
from factcheck.web.api.auth import token_requires, token_user
from factcheck.web.api.base import api_blueprint, run_use_case
from factcheck.web.api.paging import link_header, page_body, time_and_id_after

bp = api_blueprint("claims", "Claims, their source chains and their reviews")

ClaimPage = schemas.page_of(schemas.ClaimOut, "ClaimPage")
FILTER_NAMES = ("since", "until", "outlet", "article", "reviewer", "rating", "status",
                "source", "sourcing", "verdict", "age", "assignee", "reviewer2", "draft_by",
                "verdict_week", "published_week", "reviewed_since", "double_reviewed",
                "disagree", "misattributed")


def _required() -> int:
    return settings_of(current_app.config).reviews_required


def filters_from(args: dict[str, Any]) -> ClaimFilters:
    """The web list's filters from the query (absent ones stay unset)."""
    return ClaimFilters(**{name: args[name] for name in FILTER_NAMES if name in args})


@bp.route("/claims")
@token_requires(Permission.VIEW_ARTICLES)
@bp.arguments(schemas.ClaimListArgs, location="query")
@bp.response(200, ClaimPage)
def list_claims(args: dict[str, Any]) -> Any:
    """Claims, newest first, filtered as on the web claim list. Filters on
    what reviewers said only match claims whose reviews you may see."""
    stretch = claims_after(db.session, token_user(), filters_from(args),
                           time_and_id_after(args.get("cursor")), limit=args["limit"])
    body = page_body(stretch, [presenters.claim(row) for row in stretch.items])
    return body, 200, link_header(body)


@bp.route("/claims/<int:claim_id>")
@token_requires(Permission.VIEW_ARTICLES)
@bp.response(200, schemas.ClaimDetail)
def get_claim(claim_id: int) -> Any:
    """One claim with its chains, verdicts and the reviews you may see."""
    return presenters.claim_detail(
        claim_detail(db.session, token_user(), claim_id, required=_required()))


@bp.route("/claims/<int:claim_id>/reviews", methods=["POST"])
@token_requires(Permission.REVIEW_CLAIMS)
@bp.arguments(schemas.ReviewIn)
@bp.response(201, schemas.ReviewOut)
def submit_review(args: dict[str, Any], claim_id: int) -> Any:
    """Save or submit your review of the claim: the same rules as the
    claim page (blind review, your review's version, the claim's state)."""
    data = reviews.ReviewInput(
        truth=args["truth"], attribution=args["attribution"], rationale=args["rationale"],
        evidence=[reviews.EvidenceInput(url=item["url"], title=item["title"],
                                        stance=item["stance"], note=item["note"])
                  for item in args["evidence"]])
    review = run_use_case(lambda: reviews.save_review(
        db.session, token_user(), claim_id, data, submit=args["submit"],
        expected_version=args["expected_version"], required=_required()))
    return presenters.review(review)
