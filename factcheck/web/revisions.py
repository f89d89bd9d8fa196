"""Article revisions (a new text, the list, a word diff) and the editors'
queue of verdicts the new texts made stale."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.config import settings_of
from factcheck.domain.anchoring import Outcome
from factcheck.domain.revisions import RevisionOrigin
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.intake.text_input import draft_from_paste, draft_from_upload
from factcheck.services.revisions import applying, history, stale
from factcheck.web.access import requires
from factcheck.web.articles import fetch_policy
from factcheck.web.revision_forms import ConfirmStaleForm, ReopenStaleForm, RevisionForm
from factcheck.web.use_case import done, run, show_error

bp = Blueprint("revisions", __name__)


def _history_page(article_id: int, form: RevisionForm, status: int = 200
                  ) -> tuple[str, int]:
    found = history.history(db.session, current_user, article_id)
    numbers = [revision.number for revision in found.revisions]
    older = request.args.get("a", type=int) or (numbers[-2] if len(numbers) > 1 else None)
    newer = request.args.get("b", type=int) or numbers[-1]
    comparison = (history.compare(db.session, current_user, article_id, older, newer)
                  if older is not None else None)
    return render_template("revisions/index.html", history=found, form=form,
                           comparison=comparison), status


@bp.route("/articles/<int:article_id>/revisions")
@requires(Permission.VIEW_ARTICLES)
def index(article_id: int) -> ResponseReturnValue:
    return _history_page(article_id, RevisionForm())


@bp.route("/articles/<int:article_id>/revisions", methods=["POST"])
@requires(Permission.ADD_ARTICLES)
def add(article_id: int) -> ResponseReturnValue:
    form = RevisionForm()

    def apply() -> applying.Applied:
        upload = form.upload.data
        filename = getattr(upload, "filename", None)
        if form.fetch.data == "1":
            return applying.apply_fetched(db.session, current_user, article_id,
                                          fetch_policy())
        if upload is not None and filename:
            text = draft_from_upload(str(filename), upload.read()).text
            return applying.apply_revision(db.session, current_user, article_id, text,
                                           RevisionOrigin.UPLOAD)
        if not (form.text.data or "").strip():
            raise ValidationFailed("Paste the new text, upload a file or fetch the page again.")
        return applying.apply_revision(db.session, current_user, article_id,
                                       draft_from_paste(form.text.data or "").text,
                                       RevisionOrigin.PASTE)

    def applied(result: applying.Applied) -> ResponseReturnValue:
        counts = ", ".join(f"{result.outcomes[o]} {o.value}" for o in Outcome
                           if result.outcomes.get(o))
        message = f"Revision {result.revision.number} saved: {counts or 'no claims'}"
        if result.new_claims:
            message += f"; {len(result.new_claims)} new claims"
        if result.stale:
            message += f"; {len(result.stale)} verdicts to check again (the stale queue)"
        return done(message + ".", url_for("revisions.index", article_id=article_id))

    def refused(error: ServiceError | None, status: int) -> ResponseReturnValue:
        show_error(form, error)
        return _history_page(article_id, form, status)

    return run(form, apply, success=applied, refused=refused, refusals=(ValidationFailed,))


@bp.route("/stale")
@requires(Permission.DECIDE_VERDICTS)
def queue() -> str:
    return render_template("revisions/stale.html",
                           rows=stale.stale_queue(db.session, current_user),
                           confirm_form=ConfirmStaleForm(), reopen_form=ReopenStaleForm())


def _queue_again(error: ServiceError | None, status: int) -> tuple[str, int]:
    confirm_form, reopen_form = ConfirmStaleForm(), ReopenStaleForm()
    show_error(confirm_form, error)
    return render_template("revisions/stale.html",
                           rows=stale.stale_queue(db.session, current_user),
                           confirm_form=confirm_form, reopen_form=reopen_form,
                           error=error.message if error else None), status


@bp.route("/stale/<int:stale_id>/confirm", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def confirm(stale_id: int) -> ResponseReturnValue:
    form = ConfirmStaleForm()
    return run(form, lambda: stale.confirm(db.session, current_user, stale_id,
                                           note=form.note.data or ""),
               success=lambda _row: done("Confirmed: the verdict still holds.",
                                         url_for("revisions.queue")),
               refused=_queue_again)


@bp.route("/stale/<int:stale_id>/reopen", methods=["POST"])
@requires(Permission.DECIDE_VERDICTS)
def reopen(stale_id: int) -> ResponseReturnValue:
    form = ReopenStaleForm()

    def expected() -> int:
        try:
            return int(form.version.data or 0)
        except ValueError:
            return 0

    return run(form, lambda: stale.reopen(
        db.session, current_user, stale_id, reason=form.reason.data or "",
        public_note=form.public_note.data or "", expected_version=expected(),
        required=settings_of(current_app.config).reviews_required),
        success=lambda _row: done("Reopened: the claim is back in review.",
                                  url_for("revisions.queue")),
        refused=_queue_again)
