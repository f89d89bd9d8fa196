"""Claim matching on the pages: importing other fact-checkers' verdicts,
suggestions of published verdicts on similar claims, and a reviewer's
"same claim as ..." link."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.config import settings_of
from factcheck.domain.matching.claimreview_reader import MAX_BYTES
from factcheck.domain.ratings import EvidenceStance
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.intake.fetch import FetchPolicy
from factcheck.services.matching import links
from factcheck.services.matching.claimreview_import import (
    ImportReport,
    import_bytes,
    import_url,
)
from factcheck.services.matching.search import Thresholds, thresholds_of
from factcheck.services.matching.suggestions import ClaimSuggestions, article_suggestions
from factcheck.web.access import requires
from factcheck.web.matching_forms import ClaimReviewImportForm, SameClaimForm

bp = Blueprint("matching", __name__)
SHOWN_PROBLEMS = 100


def thresholds() -> Thresholds:
    settings = settings_of(current_app.config)
    return thresholds_of(settings)


def suggestions_for(article_id: int, claims: list[tuple[int, str]],
                    limit: int = 5) -> ClaimSuggestions:
    """Published verdicts on similar claims, per claim id (for the article
    and review pages), and which claims are still being matched. Each
    claim is left out of its own list."""
    if not claims or not current_user.can(Permission.VIEW_ARTICLES):
        return ClaimSuggestions({})
    return article_suggestions(current_user, db.session, article_id, claims, limit,
                               thresholds=thresholds())


@bp.route("/admin/claimreview", methods=["GET", "POST"])
@requires(Permission.IMPORT_VERDICTS)
def import_page() -> tuple[str, int]:
    form = ClaimReviewImportForm()
    report: ImportReport | None = None
    if form.validate_on_submit():
        try:
            report = _run_import(form)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            form.form_errors.append(f"{error.message} Nothing was imported.")
    refused = form.is_submitted() and bool(form.errors or form.form_errors)
    return render_template("matching/import.html", form=form, report=report,
                           shown=SHOWN_PROBLEMS), 400 if refused else 200


def _run_import(form: ClaimReviewImportForm) -> ImportReport:
    upload = form.upload.data
    filename = getattr(upload, "filename", None)
    if upload is not None and filename:
        data = upload.read(MAX_BYTES + 1)
        return import_bytes(db.session, current_user, data, str(filename))
    address = (form.fetch_url.data or "").strip()
    if address:
        config = current_app.config
        policy = FetchPolicy(max_bytes=MAX_BYTES,
                             allow_private=config.get("FETCH_ALLOW_PRIVATE", False),
                             connect_timeout=config.get("FETCH_CONNECT_TIMEOUT", 5.0),
                             read_timeout=config.get("FETCH_READ_TIMEOUT", 15.0))
        return import_url(db.session, current_user, address, policy)
    raise ValidationFailed("Choose a file or give an address.")


@bp.route("/claims/<int:claim_id>/same-claim", methods=["POST"])
@requires(Permission.REVIEW_CLAIMS)
def same_claim(claim_id: int) -> Response:
    form = SameClaimForm()
    if not form.validate_on_submit():
        flash("That link could not be made; reload the page and try again.", "error")
        return redirect(url_for("reviews.claim", claim_id=claim_id))
    try:
        links.mark_same_claim(db.session, current_user, claim_id, form.target.data or "",
                              EvidenceStance(form.stance.data))
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash("Linked as the same claim; it is now evidence on your review.", "info")
    return redirect(url_for("reviews.claim", claim_id=claim_id))
