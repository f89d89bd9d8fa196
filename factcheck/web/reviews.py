"""The claim page: the article with the claim highlighted, the review
form, and for editors the decision."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.config import settings_of
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.workflow import DECIDABLE, REOPENABLE
from factcheck.extensions import db
from factcheck.models.review import Review
from factcheck.services.core.errors import Conflict, ServiceError
from factcheck.services.review import reviews, verdicts, workflow
from factcheck.services.review.claim_page import Assignable, person_to_assign, review_page
from factcheck.web.access import requires
from factcheck.web.matching import suggestions_for
from factcheck.web.review_forms import (
    AssignForm,
    DecideForm,
    PublishForm,
    ReopenForm,
    ReviewForm,
    version_of,
)
from factcheck.web.use_case import done, run, show_error

bp = Blueprint("reviews", __name__)


def _required() -> int:
    return settings_of(current_app.config).reviews_required


def _self_decision() -> bool:
    return settings_of(current_app.config).allow_self_decision


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
    page = review_page(db.session, current_user, claim_id, required=_required())
    version = str(page.claim.version)
    defaults: dict[str, Any] = {}
    claimants = page.claimants
    claim_status = page.claim.status
    # The decision forms are shown only to those who decide, each only in
    # the statuses it applies to (an open claim shows none of them).
    if claimants is not None and claim_status in DECIDABLE:
        decide_form = forms.get("decide_form") or DecideForm(
            version=version, claimant=claimants.default.name if claimants.default else "")
        decide_form.claimant.choices = [(c.name, f"{c.name} ({c.kind.label.lower()})")
                                        for c in claimants.choices]
        defaults["decide_form"] = decide_form
    if claimants is not None and claim_status is ClaimStatus.APPROVED:
        defaults["publish_form"] = PublishForm(version=version)
    if claimants is not None and claim_status in REOPENABLE:
        defaults["reopen_form"] = ReopenForm(version=version)
    if current_user.can(Permission.ASSIGN_CLAIMS):  # the only ones shown the form
        defaults["assign_form"] = _assign_form(page.claim.assignee_id, version, page.assignable)
    if current_user.can(Permission.REVIEW_CLAIMS):
        defaults["review_form"] = _review_form(page.own)
    defaults.update(forms)
    if forms.get("conflict") and page.own is not None:
        # What was typed stays; saving it again replaces the version saved meanwhile.
        defaults["review_form"].version.data = str(page.own.version)
    return render_template(
        "reviews/claim.html", claim=page.claim, view=page.view, article=page.view.article,
        visibility=page.visibility, neighbours={"previous": page.previous, "next": page.next},
        required=_required(), own=page.own, allow_self_decision=_self_decision(),
        self_reviewed=page.self_reviewed, latest=page.latest,
        matches=suggestions_for(page.claim.article_id, [(page.claim.id, page.claim.text)]),
        **defaults), status


def _assign_form(assignee_id: int | None, version: str,
                 people: Sequence[Assignable]) -> AssignForm:
    form = AssignForm(version=version, assignee=str(assignee_id or ""))
    form.assignee.choices = [("", "Nobody")] + [(str(u.id), u.display_name) for u in people]
    return form


@bp.route("/claims/<int:claim_id>/review")
@requires(Permission.VIEW_ARTICLES)
def claim(claim_id: int) -> tuple[str, int]:
    return _page(claim_id)


@bp.route("/claims/<int:claim_id>/review", methods=["POST"])
@requires(Permission.REVIEW_CLAIMS)
def save(claim_id: int) -> ResponseReturnValue:
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
    submit = action == "submit"

    def refused(error: ServiceError | None, status: int) -> tuple[str, int]:
        show_error(form, error)
        if isinstance(error, Conflict):
            return _page(claim_id, status, review_form=form, conflict=True)
        return _page(claim_id, status, review_form=form)

    return run(form, lambda: reviews.save_review(
        db.session, current_user, claim_id, form.to_input(), submit=submit,
        expected_version=form.expected_version, required=_required()),
        success=lambda _: done("Review submitted." if submit else "Draft saved.",
                               url_for("reviews.claim", claim_id=claim_id)),
        refused=refused)


def _editor_action(claim_id: int, form: Any, name: str, action: Callable[[Any], object],
                   message: str) -> ResponseReturnValue:
    def refused(error: ServiceError | None, status: int) -> tuple[str, int]:
        show_error(form, error)
        return _page(claim_id, status, **{name: form})

    return run(form, lambda: action(form), refused=refused,
               success=lambda _: done(message, url_for("reviews.claim", claim_id=claim_id)))


@bp.route("/claims/<int:claim_id>/decide", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def decide(claim_id: int) -> ResponseReturnValue:
    return _editor_action(claim_id, DecideForm(), "decide_form", lambda form: verdicts.decide(
        db.session, current_user, claim_id, rating=TruthRating(form.rating.data),
        public_rationale=form.public_rationale.data or "",
        attribution=AttributionRating(form.attribution.data) if form.attribution.data else None,
        claimant=form.claimant.data or None, allow_self_decision=_self_decision(),
        expected_version=version_of(form)), "Verdict approved. Publish it when ready.")


@bp.route("/claims/<int:claim_id>/publish", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def publish(claim_id: int) -> ResponseReturnValue:
    return _editor_action(claim_id, PublishForm(), "publish_form", lambda form: verdicts.publish(
        db.session, current_user, claim_id, correction_note=form.correction_note.data or "",
        expected_version=version_of(form)), "Verdict published.")


@bp.route("/claims/<int:claim_id>/reopen", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def reopen(claim_id: int) -> ResponseReturnValue:
    return _editor_action(claim_id, ReopenForm(), "reopen_form", lambda form: verdicts.reopen(
        db.session, current_user, claim_id, reason=form.reason.data or "",
        public_note=form.public_note.data or "",
        expected_version=version_of(form), required=_required()), "Claim reopened.")


@bp.route("/claims/<int:claim_id>/take", methods=["POST"])
@requires(Permission.REVIEW_CLAIMS)
def take(claim_id: int) -> ResponseReturnValue:
    return _editor_action(claim_id, AssignForm(), "assign_form", lambda form: workflow.take(
        db.session, current_user, claim_id, version_of(form)), "The claim is yours.")


@bp.route("/claims/<int:claim_id>/assign", methods=["POST"])
@requires(Permission.ASSIGN_CLAIMS)
def assign(claim_id: int) -> ResponseReturnValue:
    def assign_to(form: AssignForm) -> None:
        person = person_to_assign(db.session, current_user, form.assignee.data or "")
        workflow.assign(db.session, current_user, claim_id, person, version_of(form))

    return _editor_action(claim_id, AssignForm(), "assign_form", assign_to, "Assignment saved.")
