"""Editing claims and their attribution chains."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from factcheck.domain.claims import ClaimKind
from factcheck.domain.roles import Permission
from factcheck.domain.sources import SourceKind
from factcheck.extensions import db
from factcheck.models.claim import Claim
from factcheck.models.source import Source
from factcheck.services import attributions, claims
from factcheck.services.articles import get_article
from factcheck.services.claims import STALE
from factcheck.services.errors import Conflict, ValidationFailed
from factcheck.web.access import requires
from factcheck.web.article_forms import (
    AddClaimForm,
    AddHopForm,
    BoundariesForm,
    ClaimDetailsForm,
    HopForm,
    HopMoveForm,
    MergeForm,
    SplitForm,
    VersionedForm,
)

bp = Blueprint("claims", __name__)


def _forms(claim: Claim) -> dict[str, FlaskForm]:
    version = str(claim.version)
    return {
        "details_form": ClaimDetailsForm(version=version, kind=claim.kind.value,
                                         not_a_claim=claim.status.value == "not_a_claim"),
        "boundaries_form": BoundariesForm(version=version, start=claim.start, end=claim.end),
        "split_form": SplitForm(version=version),
        "merge_form": MergeForm(version=version),
        "hop_form": AddHopForm(version=version),
        "move_form": HopMoveForm(version=version),
    }


def _edit_page(claim: Claim, status: int = 200, typed_hop: tuple[int, FlaskForm] | None = None,
               **overrides: FlaskForm) -> tuple[str, int]:
    """``typed_hop`` is (hop id, form) of a hop edit that could not be
    saved: that hop's row shows what was typed, not the stored values."""
    forms = _forms(claim)
    forms.update(overrides)
    hop_form = forms["hop_form"]
    if isinstance(hop_form, AddHopForm):
        hop_form.offer_chains([attribution.id for attribution in claim.attributions])
    names = db.session.scalars(sa.select(Source.name).order_by(Source.name).limit(2000)).all()
    return render_template("claims/edit.html", claim=claim, article=claim.article,
                           source_names=names, typed_hop=typed_hop, **forms), status


@bp.route("/claims/<int:claim_id>/edit")
@requires(Permission.EDIT_CLAIMS)
def edit(claim_id: int) -> tuple[str, int]:
    return _edit_page(claims.get_claim(db.session, claim_id))


def _save(claim_id: int, form: VersionedForm, name: str,
          change: Callable[[Claim, VersionedForm], str],
          hop_id: int | None = None) -> Response | tuple[str, int]:
    """Validate, apply one service call, commit once, redirect; on a stale
    version show the current claim with a 409 and what was typed kept."""
    claim = claims.get_claim(db.session, claim_id)
    kept: dict[str, FlaskForm] = {} if hop_id is not None else {name: form}
    typed = (hop_id, form) if hop_id is not None else None
    if not form.validate_on_submit():
        return _edit_page(claim, 400, typed_hop=typed, **kept)
    try:
        message = change(claim, form)
        db.session.commit()
    except (Conflict, StaleDataError):
        # StaleDataError: another edit committed between our read and write.
        db.session.rollback()
        flash(STALE, "error")
        fresh = claims.get_claim(db.session, claim_id)
        form.version.data = str(fresh.version)
        return _edit_page(fresh, 409, typed_hop=typed, **kept)
    except ValidationFailed as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        if hop_id is not None:
            flash(error.message, "error")
        return _edit_page(claims.get_claim(db.session, claim_id), 400, typed_hop=typed, **kept)
    flash(message, "info")
    return redirect(url_for("claims.edit", claim_id=claim_id))


@bp.route("/claims/<int:claim_id>/details", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def details(claim_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, ClaimDetailsForm)
        claims.update_details(db.session, current_user, claim, kind=ClaimKind(form.kind.data),
                              not_a_claim=bool(form.not_a_claim.data),
                              expected_version=form.expected_version)
        return "Claim saved."

    return _save(claim_id, ClaimDetailsForm(), "details_form", change)


@bp.route("/claims/<int:claim_id>/boundaries", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def boundaries(claim_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, BoundariesForm)
        claims.move_boundaries(db.session, current_user, claim, form.start.data or 0,
                               form.end.data or 0, form.expected_version)
        return "Boundaries moved (snapped to whole words)."

    return _save(claim_id, BoundariesForm(), "boundaries_form", change)


@bp.route("/claims/<int:claim_id>/split", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def split(claim_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, SplitForm)
        words = (form.second_starts_with.data or "").strip()
        found = claim.text.find(words, 1) if words else -1
        if found <= 0:
            raise ValidationFailed("Those words were not found inside the claim after its start.")
        claims.split_claim(db.session, current_user, claim, claim.start + found,
                           form.expected_version)
        return "Claim split in two."

    return _save(claim_id, SplitForm(), "split_form", change)


@bp.route("/claims/<int:claim_id>/merge", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def merge(claim_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        claims.merge_with_next(db.session, current_user, claim, form.expected_version)
        return "Merged with the following claim."

    return _save(claim_id, MergeForm(), "merge_form", change)


@bp.route("/claims/<int:claim_id>/hops", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def add_hop(claim_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, AddHopForm)
        chain = form.attribution_id.data
        attributions.add_hop(
            db.session, current_user, claim, expected_version=form.expected_version,
            attribution_id=int(chain) if chain and chain.isdigit() else None,
            source_name=form.source_name.data or "", kind=SourceKind(form.kind.data),
            cue=form.cue.data or "", hedges=form.hedges.data or "",
            inherited=bool(form.inherited.data))
        return "Source added to the chain."

    return _save(claim_id, AddHopForm(), "hop_form", change)


@bp.route("/claims/<int:claim_id>/hops/<int:hop_id>", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def update_hop(claim_id: int, hop_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, HopForm)
        attributions.update_hop(
            db.session, current_user, claim, hop_id, expected_version=form.expected_version,
            source_name=form.source_name.data or "", kind=SourceKind(form.kind.data),
            cue=form.cue.data or "", hedges=form.hedges.data or "",
            inherited=bool(form.inherited.data))
        return "Source in the chain updated."

    return _save(claim_id, HopForm(), "hop_form", change, hop_id=hop_id)


@bp.route("/claims/<int:claim_id>/hops/<int:hop_id>/delete", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def delete_hop(claim_id: int, hop_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        attributions.remove_hop(db.session, current_user, claim, hop_id,
                                expected_version=form.expected_version)
        return "Source removed from the chain."

    return _save(claim_id, HopMoveForm(), "move_form", change)


@bp.route("/claims/<int:claim_id>/hops/<int:hop_id>/move", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def move_hop(claim_id: int, hop_id: int) -> Response | tuple[str, int]:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, HopMoveForm)
        offset = -1 if form.offset.data == "-1" else 1
        attributions.move_hop(db.session, current_user, claim, hop_id, offset=offset,
                              expected_version=form.expected_version)
        return "Chain reordered."

    return _save(claim_id, HopMoveForm(), "move_form", change)


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def add(article_id: int) -> Response:
    article = get_article(db.session, current_user, article_id)
    form = AddClaimForm()
    if not form.validate_on_submit():
        flash("The new claim could not be read; select the text again.", "error")
        return redirect(url_for("articles.show", article_id=article_id))
    try:
        start, end = _selection(article.body, form)
        claim = claims.add_claim(db.session, current_user, article, start, end,
                                 ClaimKind(form.kind.data))
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("articles.show", article_id=article_id))
    flash("Claim added.", "info")
    return redirect(url_for("articles.show", article_id=article_id, claim=claim.id,
                            _anchor=f"claim-{claim.id}"))


def _selection(body: str, form: AddClaimForm) -> tuple[int, int]:
    start, end = form.start.data or "", form.end.data or ""
    if start.isdigit() and end.isdigit():
        return int(start), int(end)
    quote = (form.quote.data or "").strip().replace("\r\n", "\n")
    position = body.find(quote) if quote else -1
    if position < 0:
        raise ValidationFailed("That text was not found in the article; copy it exactly.")
    return position, position + len(quote)


@bp.route("/claims/<int:claim_id>")
@requires(Permission.VIEW_ARTICLES)
def show(claim_id: int) -> Response:
    claim = db.session.get(Claim, claim_id) or abort(404)
    return redirect(url_for("articles.show", article_id=claim.article_id, claim=claim.id,
                            _anchor=f"claim-{claim.id}"))
