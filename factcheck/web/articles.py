"""Articles: the list, bringing one in, and the reading view."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.extraction import Extraction
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services import article_intake, articles
from factcheck.services.errors import NotFound, ValidationFailed
from factcheck.services.extraction_runner import limits_from
from factcheck.services.fetch import FetchPolicy
from factcheck.services.reading import reading_view
from factcheck.services.text_input import (
    Draft,
    decode_bytes,
    draft_from_html,
    draft_from_paste,
    draft_from_upload,
    row_id_in_range,
)
from factcheck.web.access import requires
from factcheck.web.article_forms import AddClaimForm, ArticleFilterForm, ArticleForm

bp = Blueprint("articles", __name__)
MAX_PAGE = 10_000  # far past any real list; keeps OFFSET within the database's integers


@bp.route("/articles")
@requires(Permission.VIEW_ARTICLES)
def index() -> str:
    form = ArticleFilterForm(request.args)
    valid = form.validate()
    # An unknown status in the address (hand-edited, stale bookmark) is
    # shown as an error on the filter, not a crash.
    status = ClaimStatus(form.status.data) if valid and form.status.data else None
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    rows, has_next = articles.list_articles(db.session, current_user,
                                            search=_searchable(form.q.data),
                                            status=status, page=page)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("articles/index.html", form=form, rows=rows, page=page,
                           has_next=has_next, args=args)


def _searchable(raw: str | None) -> str:
    # PostgreSQL refuses NUL in a text parameter; nobody searches for one.
    return (raw or "").replace("\x00", "").strip()


def _fetch_policy() -> FetchPolicy:
    return FetchPolicy(allow_private=current_app.config.get("FETCH_ALLOW_PRIVATE", False),
                       connect_timeout=current_app.config.get("FETCH_CONNECT_TIMEOUT", 5.0),
                       read_timeout=current_app.config.get("FETCH_READ_TIMEOUT", 15.0),
                       total_timeout=current_app.config.get("FETCH_TOTAL_TIMEOUT", 20.0))


def _load_draft(form: ArticleForm) -> Draft | None:
    """A draft from whichever input was used; None when nothing was given."""
    upload = form.upload.data
    filename = getattr(upload, "filename", None)
    if upload is not None and filename:
        return draft_from_upload(str(filename), upload.read())
    if (form.fetch_url.data or "").strip() and not (form.text.data or "").strip():
        fetched = article_intake.fetch_page(form.fetch_url.data or "", _fetch_policy())
        page = decode_bytes(fetched.body, "The page")
        if "html" in fetched.content_type or page.lstrip()[:1] == "<":
            return draft_from_html(page, url=fetched.url)
        return Draft(text=page, url=fetched.url)
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
    detected = extraction.metadata
    form.text.data = draft.text
    form.fetch_url.data = ""
    form.title.data = form.title.data or draft.title or detected.title or ""
    form.outlet.data = form.outlet.data or draft.outlet or detected.outlet or ""
    form.byline.data = form.byline.data or draft.byline or detected.byline or ""
    form.url.data = form.url.data or draft.url
    if not form.published.data:
        form.published.data = draft.published or articles._iso_date(detected.published)


@bp.route("/articles/new", methods=["GET", "POST"])
@requires(Permission.ADD_ARTICLES)
def new() -> tuple[str, int] | Response:
    form = ArticleForm()
    loaded = False
    if form.validate_on_submit():
        try:
            draft = _load_draft(form)
            if draft is None:
                raise ValidationFailed("Paste the article, upload a file or give an address.")
            draft = _apply_corrections(form, draft)
            # Fetched and extracted before any write: nothing is locked meanwhile.
            extraction = article_intake.extract_claims(
                db.session, draft.text, limits_from(current_app.config))
            if request.form.get("action") != "save":
                _fill_form(form, draft, extraction)
                loaded = True
                for note in draft.notes:
                    flash(note, "info")
            else:
                saved = articles.create_article(db.session, current_user, draft, extraction)
                db.session.commit()
                if saved.created:
                    flash(f"Saved, with {len(saved.article.claims)} claims found.", "info")
                else:
                    flash("This article was already here; showing the one saved earlier.",
                          "info")
                return redirect(url_for("articles.show", article_id=saved.article.id))
        except ValidationFailed as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    # A refused submission says so in its status too, as the other forms do.
    refused = form.is_submitted() and bool(form.errors or form.form_errors)
    return render_template("articles/new.html", form=form, loaded=loaded), 400 if refused else 200


@bp.route("/articles/<int:article_id>")
@requires(Permission.VIEW_ARTICLES)
def show(article_id: int) -> str:
    if not row_id_in_range(article_id):
        raise NotFound("No such article.")
    view = reading_view(db.session, current_user, article_id)
    selected = view.by_id.get(request.args.get("claim", 0, type=int) or 0)
    order = request.args.get("order", "position")
    listed = (sorted(view.claims, key=lambda claim: -claim.checkworthiness)
              if order == "worthiness" else view.claims)
    return render_template("articles/show.html", view=view, article=view.article,
                           selected=selected, listed=listed, order=order,
                           add_form=AddClaimForm())
