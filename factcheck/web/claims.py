"""Editing claims and their attribution chains."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from factcheck.domain.claims import ClaimKind
from factcheck.domain.roles import Permission
from factcheck.domain.sources import SourceKind
from factcheck.extensions import db
from factcheck.models.claim import Claim
from factcheck.services.claims import attributions
from factcheck.services.claims import editing as claims
from factcheck.services.claims.editing import STALE
from factcheck.services.claims.proposals import chain_proposals
from factcheck.services.core.errors import Conflict, ServiceError, ValidationFailed
from factcheck.services.intake.articles import get_article
from factcheck.services.sources.registry import source_names
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
from factcheck.web.articles import reading_page
from factcheck.web.use_case import done, run

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


def _hop_form(hop_id: int, **stored: object) -> HopForm:
    return HopForm(meta={"id_prefix": f"hop-{hop_id}-"}, **stored)


def _hop_forms(claim: Claim, typed_hop: tuple[int, FlaskForm] | None) -> dict[int, FlaskForm]:
    """A form per hop showing what is stored, except the one whose edit
    could not be saved, which shows what was typed."""
    forms: dict[int, FlaskForm] = {}
    for attribution in claim.attributions:
        for hop in attribution.hops:
            forms[hop.id] = _hop_form(
                hop.id, formdata=None, version=str(claim.version),
                source_name=hop.source.name, kind=hop.source.kind.value, cue=hop.cue or "",
                hedges=hop.hedges or "", inherited=hop.inherited)
    if typed_hop is not None:
        forms[typed_hop[0]] = typed_hop[1]
    return forms


def _edit_page(claim: Claim, status: int = 200, typed_hop: tuple[int, FlaskForm] | None = None,
               **overrides: FlaskForm) -> tuple[str, int]:
    """``typed_hop`` is (hop id, form) of a hop edit that could not be
    saved: that hop's row shows what was typed, not the stored values."""
    forms = _forms(claim)
    forms.update(overrides)
    add_hop_form = forms["hop_form"]
    assert isinstance(add_hop_form, AddHopForm)
    add_hop_form.offer_chains([attribution.id for attribution in claim.attributions])
    names = source_names(db.session, current_user)
    return render_template("claims/edit.html", claim=claim, article=claim.article,
                           source_names=names, hop_forms=_hop_forms(claim, typed_hop),
                           proposals=chain_proposals(db.session, current_user, claim.id),
                           typed_hop_id=typed_hop[0] if typed_hop else None, **forms), status


@bp.route("/claims/<int:claim_id>/edit")
@requires(Permission.EDIT_CLAIMS)
def edit(claim_id: int) -> tuple[str, int]:
    return _edit_page(claims.get_claim(db.session, current_user, claim_id))


def _save(claim_id: int, form: VersionedForm, name: str,
          change: Callable[[Claim, VersionedForm], str],
          hop_id: int | None = None, back_to_article: bool = False) -> ResponseReturnValue:
    """One edit; on a stale version show the current claim with a 409 and
    what was typed kept."""
    claim = claims.get_claim(db.session, current_user, claim_id)
    kept: dict[str, FlaskForm] = {} if hop_id is not None else {name: form}
    typed = (hop_id, form) if hop_id is not None else None

    def refused(error: ServiceError | None, status: int) -> tuple[str, int]:
        if error is None:
            return _edit_page(claim, status, typed_hop=typed, **kept)
        fresh = claims.get_claim(db.session, current_user, claim_id)
        if isinstance(error, Conflict):
            flash(STALE, "error")
            form.version.data = str(fresh.version)
        else:
            form.form_errors.append(error.message)
            if hop_id is not None:
                flash(error.message, "error")
        return _edit_page(fresh, status, typed_hop=typed, **kept)

    # Moved by selecting text in the reading view: stay there.
    to = (url_for("articles.show", article_id=claim.article_id, claim=claim_id,
                  _anchor=f"claim-{claim_id}")
          if back_to_article else url_for("claims.edit", claim_id=claim_id))
    return run(form, lambda: change(claim, form), refused=refused,
               success=lambda message: done(message, to))


@bp.route("/claims/<int:claim_id>/details", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def details(claim_id: int) -> ResponseReturnValue:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, ClaimDetailsForm)
        claims.update_details(db.session, current_user, claim, kind=ClaimKind(form.kind.data),
                              not_a_claim=bool(form.not_a_claim.data),
                              expected_version=form.expected_version)
        return "Claim saved."

    return _save(claim_id, ClaimDetailsForm(), "details_form", change)


@bp.route("/claims/<int:claim_id>/boundaries", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def boundaries(claim_id: int) -> ResponseReturnValue:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, BoundariesForm)
        claims.move_boundaries(db.session, current_user, claim, form.start.data or 0,
                               form.end.data or 0, form.expected_version)
        return "Boundaries moved (snapped to whole words)."

    return _save(claim_id, BoundariesForm(), "boundaries_form", change,
                 back_to_article=request.form.get("from") == "article")


@bp.route("/claims/<int:claim_id>/split", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def split(claim_id: int) -> ResponseReturnValue:
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
def merge(claim_id: int) -> ResponseReturnValue:
    def change(claim: Claim, form: VersionedForm) -> str:
        claims.merge_with_next(db.session, current_user, claim, form.expected_version)
        return "Merged with the following claim."

    return _save(claim_id, MergeForm(), "merge_form", change)


@bp.route("/claims/<int:claim_id>/hops", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def add_hop(claim_id: int) -> ResponseReturnValue:
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
def update_hop(claim_id: int, hop_id: int) -> ResponseReturnValue:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, HopForm)
        attributions.update_hop(
            db.session, current_user, claim, hop_id, expected_version=form.expected_version,
            source_name=form.source_name.data or "", kind=SourceKind(form.kind.data),
            cue=form.cue.data or "", hedges=form.hedges.data or "",
            inherited=bool(form.inherited.data))
        return "Source in the chain updated."

    return _save(claim_id, _hop_form(hop_id), "hop_form", change, hop_id=hop_id)


@bp.route("/claims/<int:claim_id>/hops/<int:hop_id>/delete", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def delete_hop(claim_id: int, hop_id: int) -> ResponseReturnValue:
    def change(claim: Claim, form: VersionedForm) -> str:
        attributions.remove_hop(db.session, current_user, claim, hop_id,
                                expected_version=form.expected_version)
        return "Source removed from the chain."

    return _save(claim_id, HopMoveForm(), "move_form", change)


@bp.route("/claims/<int:claim_id>/hops/<int:hop_id>/move", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def move_hop(claim_id: int, hop_id: int) -> ResponseReturnValue:
    def change(claim: Claim, form: VersionedForm) -> str:
        assert isinstance(form, HopMoveForm)
        offset = -1 if form.offset.data == "-1" else 1
        attributions.move_hop(db.session, current_user, claim, hop_id, offset=offset,
                              expected_version=form.expected_version)
        return "Chain reordered."

    return _save(claim_id, HopMoveForm(), "move_form", change)


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@requires(Permission.EDIT_CLAIMS)
def add(article_id: int) -> ResponseReturnValue:
    article = get_article(db.session, current_user, article_id)
    form = AddClaimForm()

    # A refused claim shows the reading view again with the quote and kind
    # as typed: nothing is lost to a redirect.
    def refused(error: ServiceError | None, _status: int) -> tuple[str, int]:
        form.form_errors.append(error.message if error else
                                "The new claim could not be read; select the text again.")
        return reading_page(article_id, form, 400)

    def add_claim() -> Claim:
        start, end = _selection(article.body, form)
        return claims.add_claim(db.session, current_user, article, start, end,
                                ClaimKind(form.kind.data))

    return run(form, add_claim, refused=refused, refusals=(ValidationFailed,),
               success=lambda claim: done("Claim added.", url_for(
                   "articles.show", article_id=article_id, claim=claim.id,
                   _anchor=f"claim-{claim.id}")))


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
    claim = claims.get_claim(db.session, current_user, claim_id)
    return redirect(url_for("articles.show", article_id=claim.article_id, claim=claim.id,
                            _anchor=f"claim-{claim.id}"))
