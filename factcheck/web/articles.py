"""Articles: the list, bringing one in, and the reading view."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.config import settings_of
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.extraction import Extraction
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.core.errors import NotFound, ServiceError, ValidationFailed
from factcheck.services.intake import article_intake, articles
from factcheck.services.intake.drafts import detected_details, draft_from_address
from factcheck.services.intake.extraction_runner import limits_from
from factcheck.services.intake.fetch import FetchPolicy, policy_of
from factcheck.services.intake.reading import reading_view
from factcheck.services.intake.text_input import (
    Draft,
    draft_from_paste,
    draft_from_upload,
    row_id_in_range,
)
from factcheck.services.jobs import requests as job_requests
from factcheck.web.access import requires
from factcheck.web.article_forms import AddClaimForm, ArticleFilterForm, ArticleForm
from factcheck.web.matching import suggestions_for
from factcheck.web.paging import other_args, requested_page
from factcheck.web.use_case import done, run

bp = Blueprint("articles", __name__)


@bp.route("/articles")
@requires(Permission.VIEW_ARTICLES)
def index() -> str:
    form = ArticleFilterForm(request.args)
    valid = form.validate()
    # An unknown status in the address (hand-edited, stale bookmark) is
    # shown as an error on the filter, not a crash.
    status = ClaimStatus(form.status.data) if valid and form.status.data else None
    page = articles.list_articles(db.session, current_user, search=_searchable(form.q.data),
                                  status=status, page=requested_page())
    return render_template("articles/index.html", form=form, page=page, args=other_args())


def _searchable(raw: str | None) -> str:
    # PostgreSQL refuses NUL in a text parameter; nobody searches for one.
    return (raw or "").replace("\x00", "").strip()


def fetch_policy() -> FetchPolicy:
    """How pages are fetched for this app (articles and their later revisions)."""
    return policy_of(settings_of(current_app.config))


def _load_draft(form: ArticleForm) -> Draft | None:
    """A draft from whichever input was used; None when nothing was given."""
    upload = form.upload.data
    filename = getattr(upload, "filename", None)
    if upload is not None and filename:
        return draft_from_upload(str(filename), upload.read())
    if (form.fetch_url.data or "").strip() and not (form.text.data or "").strip():
        return draft_from_address(form.fetch_url.data or "", fetch_policy())
    if (form.text.data or "").strip():
        return draft_from_paste(form.text.data or "")
    return None


def _apply_corrections(form: ArticleForm, draft: Draft) -> Draft:
    draft.title = (form.title.data or draft.title or "").strip()
    draft.outlet = (form.outlet.data or draft.outlet or "").strip()
    draft.byline = (form.byline.data or draft.byline or "").strip()
    draft.url = (form.url.data or draft.url or "").strip()
    draft.published = form.published.data or draft.published
    return draft


def _fill_form(form: ArticleForm, draft: Draft, extraction: Extraction) -> None:
    """Show the text and what was detected, for a person to correct."""
    detected = detected_details(draft, extraction)
    form.text.data = draft.text
    form.fetch_url.data = ""
    form.title.data = form.title.data or detected.title
    form.outlet.data = form.outlet.data or detected.outlet
    form.byline.data = form.byline.data or detected.byline
    form.url.data = form.url.data or detected.url
    if not form.published.data:
        form.published.data = detected.published


@bp.route("/articles/new", methods=["GET", "POST"])
@requires(Permission.ADD_ARTICLES)
def new() -> ResponseReturnValue:
    form = ArticleForm()
    saving = request.form.get("action") == "save"

    def load_or_save() -> tuple[Draft, Extraction] | articles.Saved:
        """The draft to check, or on "Save article" the article saved."""
        draft = _load_draft(form)
        if draft is None:
            raise ValidationFailed("Paste the article, upload a file or give an address.")
        draft = _apply_corrections(form, draft)
        # Fetched and extracted before any write: nothing is locked meanwhile.
        extraction = article_intake.extract_claims(
            db.session, draft.text, limits_from(settings_of(current_app.config)))
        if saving:
            return articles.create_article(db.session, current_user, draft, extraction)
        return draft, extraction

    def loaded(result: tuple[Draft, Extraction] | articles.Saved) -> ResponseReturnValue:
        if isinstance(result, tuple):
            draft, extraction = result
            _fill_form(form, draft, extraction)
            for note in draft.notes:
                flash(note, "info")
            return _new_page(form, loaded=True)
        if result.created:
            return done(f"Saved, with {len(result.article.claims)} claims found.",
                        url_for("articles.show", article_id=result.article.id))
        return done("This article was already here; showing the one saved earlier.",
                    url_for("articles.show", article_id=result.article.id))

    def refused(error: ServiceError | None, _status: int) -> tuple[str, int]:
        if error is not None:
            form.form_errors.append(error.message)
        return _new_page(form)

    if request.form.get("action") == "background":
        # The page is fetched and saved by a worker; its job page says when.
        return run(form, lambda: job_requests.request_url_import(
            db.session, current_user, form.fetch_url.data or "", form.outlet.data or ""),
            success=lambda job: done("The page is being fetched in the background.",
                                     url_for("jobs.show", job_id=job.id)),
            refused=refused, refusals=(ValidationFailed,))
    return run(form, load_or_save, success=loaded, refused=refused, refusals=(ValidationFailed,))


def _new_page(form: ArticleForm, loaded: bool = False) -> tuple[str, int]:
    # A refused submission says so in its status too, as the other forms do.
    refused = form.is_submitted() and bool(form.errors or form.form_errors)
    return render_template("articles/new.html", form=form, loaded=loaded), 400 if refused else 200


@bp.route("/articles/<int:article_id>")
@requires(Permission.VIEW_ARTICLES)
def show(article_id: int) -> tuple[str, int]:
    return reading_page(article_id)


def reading_page(article_id: int, add_form: AddClaimForm | None = None,
                 status: int = 200) -> tuple[str, int]:
    """The reading view; ``add_form`` is a refused "Add a claim" whose
    quote and kind are shown again, not lost."""
    if not row_id_in_range(article_id):
        raise NotFound("No such article.")
    wanted = request.args.get("claim", 0, type=int) or 0
    view = reading_view(db.session, current_user, article_id, selected=wanted)
    selected = view.selected
    order = request.args.get("order", "position")
    listed = (sorted(view.claims, key=lambda claim: -claim.checkworthiness)
              if order == "worthiness" else view.claims)
    return render_template("articles/show.html", view=view, article=view.article,
                           selected=selected, listed=listed, order=order,
                           # Built only for those shown it (admins read, add no claims).
                           add_form=add_form or (AddClaimForm() if current_user.can(
                               Permission.EDIT_CLAIMS) else None),
                           matches=suggestions_for(article_id,
                                                   [(c.id, c.text) for c in view.claims])), status
