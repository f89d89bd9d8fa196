"""/api/v1/verdicts and /api/v1/corrections: published verdicts and the
dated corrections log (unpublished verdicts and internal notes for those
who decide verdicts)."""

from __future__ import annotations

from typing import Any

from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.review import published
from factcheck.web.api import presenters, schemas
from factcheck.web.api.auth import token_requires, token_user
from factcheck.web.api.base import api_blueprint
from factcheck.web.api.paging import id_after, link_header, page_body

bp = api_blueprint("verdicts", "Verdicts and corrections")

VerdictPage = schemas.page_of(schemas.VerdictOut, "VerdictPage")
CorrectionPage = schemas.page_of(schemas.CorrectionOut, "CorrectionPage")


@bp.route("/verdicts")
@token_requires(Permission.VIEW_ARTICLES)
@bp.arguments(schemas.VerdictListArgs, location="query")
@bp.response(200, VerdictPage)
def list_verdicts(args: dict[str, Any]) -> Any:
    """Verdicts, newest first: published ones, and for those who decide
    verdicts the approved ones not yet published."""
    stretch = published.verdicts_after(db.session, token_user(), id_after(args.get("cursor")),
                                       rating=args.get("rating"), claim_id=args.get("claim"),
                                       limit=args["limit"])
    body = page_body(stretch, [presenters.verdict(row) for row in stretch.items])
    return body, 200, link_header(body)


@bp.route("/verdicts/<int:verdict_id>")
@token_requires(Permission.VIEW_ARTICLES)
@bp.response(200, schemas.VerdictOut)
def get_verdict(verdict_id: int) -> Any:
    return presenters.verdict(published.get_verdict(db.session, token_user(), verdict_id))


@bp.route("/corrections")
@token_requires(Permission.VIEW_ARTICLES)
@bp.arguments(schemas.CorrectionListArgs, location="query")
@bp.response(200, CorrectionPage)
def list_corrections(args: dict[str, Any]) -> Any:
    """The corrections log, newest first."""
    user = token_user()
    stretch = published.corrections_after(db.session, user, id_after(args.get("cursor")),
                                          claim_id=args.get("claim"), limit=args["limit"])
    internal = published.sees_unpublished(user)
    body = page_body(stretch, [presenters.correction(row, internal) for row in stretch.items])
    return body, 200, link_header(body)


@bp.route("/corrections/<int:correction_id>")
@token_requires(Permission.VIEW_ARTICLES)
@bp.response(200, schemas.CorrectionOut)
def get_correction(correction_id: int) -> Any:
    user = token_user()
    return presenters.correction(published.get_correction(db.session, user, correction_id),
                                 published.sees_unpublished(user))
