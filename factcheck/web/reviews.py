"""The claim page: the article with the claim highlighted, the review
form, and for editors the decision."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.domain.bounds import id_in_range
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission, Role
from factcheck.extensions import db
from factcheck.models.review import Review
from factcheck.models.user import User
from factcheck.services import reviews, verdicts, workflow
from factcheck.services.claims import get_claim
from factcheck.services.errors import Conflict, ValidationFailed
from factcheck.services.reading import reading_view
from factcheck.web.access import requires
from factcheck.web.review_forms import (
    AssignForm,
    DecideForm,
    PublishForm,
    ReopenForm,
    ReviewForm,
    version_of,
)

bp = Blueprint("reviews", __name__)


def _required() -> int:
    return int(current_app.config["REVIEWS_REQUIRED"])


def _review_form(own: Review | None) -> ReviewForm:
    if own is None:
        return ReviewForm(version="")
    form = ReviewForm(version=str(own.version),
                      truth=own.truth_rating.value if own.truth_rating else None,
                      attribution=(own.attribution_rating.value
                                   if own.attribution_rating else None),
                      rationale=own.rationale)
    while len(form.evidence) > 0:
        form.evidence.pop_entry()
    for item in own.evidence:
        form.evidence.append_entry({"url": item.url, "title": item.title,
                                    "stance": item.stance.value, "note": item.note})
    if not own.evidence:
        form.evidence.append_entry()
    return form


def _page(claim_id: int, status: int = 200, **forms: Any) -> tuple[str, int]:
    claim = get_claim(db.session, claim_id)
    view = reading_view(db.session, current_user, claim.article_id, details=False)
    position = next((i for i, c in enumerate(view.claims) if c.id == claim.id), None)
    neighbours = {
        "previous": view.claims[position - 1] if position else None,
        "next": (view.claims[position + 1]
                 if position is not None and position + 1 < len(view.claims) else None),
    }
    visibility = reviews.visible_reviews(db.session, current_user, claim, _required())
    version = str(claim.version)
    own = reviews.own_review(db.session, current_user, claim.id)
    defaults: dict[str, Any] = {
        "decide_form": DecideForm(version=version),
        "publish_form": PublishForm(version=version),
        "reopen_form": ReopenForm(version=version),
    }
    if current_user.can(Permission.ASSIGN_CLAIMS):  # the only ones shown the form
        defaults["assign_form"] = _assign_form(claim.assignee_id, version)
    if current_user.can(Permission.REVIEW_CLAIMS):
        defaults["review_form"] = _review_form(own)
    defaults.update(forms)
    return render_template(
        "reviews/claim.html", claim=claim, view=view, article=view.article,
        visibility=visibility, neighbours=neighbours, required=_required(),
        own=own,
        latest=verdicts.latest_verdict(db.session, claim.id), **defaults), status


def _assign_form(assignee_id: int | None, version: str) -> AssignForm:
    form = AssignForm(version=version, assignee=str(assignee_id or ""))
    people = db.session.scalars(
        sa.select(User).where(User.active.is_(True), User.role.in_([Role.CHECKER, Role.EDITOR]))
        .order_by(User.display_name)).all()
    form.assignee.choices = [("", "Nobody")] + [(str(u.id), u.display_name) for u in people]
    return form


@bp.route("/claims/<int:claim_id>/review")
@requires(Permission.VIEW_ARTICLES)
def claim(claim_id: int) -> tuple[str, int]:
    return _page(claim_id)


@bp.route("/claims/<int:claim_id>/review", methods=["POST"])
@requires(Permission.REVIEW_CLAIMS)
def save(claim_id: int) -> Response | tuple[str, int]:
    form = ReviewForm()
    action = request.form.get("action", "draft")
    if action == "add_evidence":
        form.evidence.append_entry()
        return _page(claim_id, review_form=form)
    if action.startswith("remove_evidence-"):
        index = action.removeprefix("remove_evidence-")
        kept = [entry.data for i, entry in enumerate(form.evidence) if str(i) != index]
        while len(form.evidence):
            form.evidence.pop_entry()
        for data in kept or [{}]:
            form.evidence.append_entry(data)
        return _page(claim_id, review_form=form)
    if not form.validate_on_submit():
        return _page(claim_id, 400, review_form=form)
    submit = action == "submit"
    try:
        reviews.save_review(db.session, current_user, claim_id, form.to_input(), submit=submit,
                            expected_version=form.expected_version, required=_required())
        db.session.commit()
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
        return _page(claim_id, 409, review_form=form, conflict=True)
    except ValidationFailed as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _page(claim_id, 400, review_form=form)
    flash("Review submitted." if submit else "Draft saved.", "info")
    return redirect(url_for("reviews.claim", claim_id=claim_id))


def _editor_action(claim_id: int, form: Any, name: str, run: Any,
                   done: str) -> Response | tuple[str, int]:
    if not form.validate_on_submit():
        return _page(claim_id, 400, **{name: form})
    try:
        run(form)
        db.session.commit()
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
        return _page(claim_id, 409, **{name: form})
    except ValidationFailed as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _page(claim_id, 400, **{name: form})
    flash(done, "info")
    return redirect(url_for("reviews.claim", claim_id=claim_id))


@bp.route("/claims/<int:claim_id>/decide", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def decide(claim_id: int) -> Response | tuple[str, int]:
    return _editor_action(claim_id, DecideForm(), "decide_form", lambda form: verdicts.decide(
        db.session, current_user, claim_id, rating=TruthRating(form.rating.data),
        public_rationale=form.public_rationale.data or "",
        expected_version=version_of(form)), "Verdict approved. Publish it when ready.")


@bp.route("/claims/<int:claim_id>/publish", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def publish(claim_id: int) -> Response | tuple[str, int]:
    return _editor_action(claim_id, PublishForm(), "publish_form", lambda form: verdicts.publish(
        db.session, current_user, claim_id, correction_note=form.correction_note.data or "",
        expected_version=version_of(form)), "Verdict published.")


@bp.route("/claims/<int:claim_id>/reopen", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def reopen(claim_id: int) -> Response | tuple[str, int]:
    return _editor_action(claim_id, ReopenForm(), "reopen_form", lambda form: verdicts.reopen(
        db.session, current_user, claim_id, reason=form.reason.data or "",
        expected_version=version_of(form), required=_required()), "Claim reopened.")


@bp.route("/claims/<int:claim_id>/take", methods=["POST"])
@requires(Permission.REVIEW_CLAIMS)
def take(claim_id: int) -> Response | tuple[str, int]:
    return _editor_action(claim_id, AssignForm(), "assign_form", lambda form: workflow.take(
        db.session, current_user, claim_id, version_of(form)), "The claim is yours.")


@bp.route("/claims/<int:claim_id>/assign", methods=["POST"])
@requires(Permission.ASSIGN_CLAIMS)
def assign(claim_id: int) -> Response | tuple[str, int]:
    def run(form: AssignForm) -> None:
        value = form.assignee.data or ""
        person = (db.session.get(User, int(value))
                  if value.isdigit() and id_in_range(int(value)) else None)
        if value and person is None:
            raise ValidationFailed("No such person.")
        workflow.assign(db.session, current_user, claim_id, person, version_of(form))

    return _editor_action(claim_id, AssignForm(), "assign_form", run, "Assignment saved.")
