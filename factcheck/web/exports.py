"""Exports: bulk downloads of verdicts and each article's verdict report."""

from __future__ import annotations

from collections.abc import Iterable

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.config import settings_of
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.safe_files import attachment_disposition
from factcheck.extensions import db
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.exports import formats as exports
from factcheck.services.exports import reports
from factcheck.services.exports.document import report_pdf
from factcheck.services.exports.pdf import UNAVAILABLE, pdf_available
from factcheck.services.exports.query import ExportFilters
from factcheck.web.access import requires
from factcheck.web.form_fields import AppForm, SelectField
from factcheck.web.forms import DAY_BOUNDS, choices
from factcheck.web.use_case import run

bp = Blueprint("exports", __name__)


class ExportForm(AppForm):
    format = SelectField("Format", choices=choices([(f.value, f.label)
                                                    for f in exports.ExportFormat]),
                         validators=[DataRequired()])
    date_from = DateField("Verdicts from", validators=[Optional(), DAY_BOUNDS],
                          description="Day the verdict was published (inclusive).")
    date_to = DateField("Verdicts until", validators=[Optional(), DAY_BOUNDS])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    source = StringField("Source", validators=[Optional(), Length(max=300)],
                         description="Claims resting on this source anywhere in a chain.")
    rating = SelectField("Rating", default="", choices=choices(
        [("", "Any rating"), *((r.value, r.label) for r in TruthRating)]))
    status = SelectField("Claim status", default=ClaimStatus.PUBLISHED.value, choices=choices(
        [("", "Any status"), *((s.value, s.label) for s in ClaimStatus)]),
        description="ClaimReview always contains published verdicts only.")
    bom = BooleanField("UTF-8 with BOM (for Excel)")

    def filters(self) -> ExportFilters:
        return ExportFilters(
            date_from=self.date_from.data, date_to=self.date_to.data,
            outlet=(self.outlet.data or "").strip(), source_name=(self.source.data or "").strip(),
            rating=TruthRating(self.rating.data) if self.rating.data else None,
            status=ClaimStatus(self.status.data) if self.status.data else None,
        )


@bp.route("/exports")
@requires(Permission.EXPORT_REPORTS)
def index() -> str:
    return render_template("exports/index.html", form=ExportForm(), **_pdf_note())


def _pdf_note() -> dict[str, object]:
    """For the pages that offer PDF: whether it works here, and if not how
    to enable it."""
    return {"pdf_available": pdf_available(), "pdf_unavailable": UNAVAILABLE}


def _attachment(body: Iterable[str] | str | bytes, filename: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = attachment_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/exports", methods=["POST"])
@requires(Permission.EXPORT_REPORTS)
def download() -> ResponseReturnValue:
    form = ExportForm()

    def refused(error: ServiceError | None, _status: int) -> tuple[str, int]:
        if error is not None:
            form.form_errors.append(error.message)
        return render_template("exports/index.html", form=form, **_pdf_note()), 400

    # The export is recorded (and committed) before the first byte: a
    # download cut short is still audited.
    return run(form, lambda: exports.start_export(
        db.session, current_user, exports.ExportFormat(form.format.data), form.filters(),
        exports.ExportSettings.from_settings(settings_of(current_app.config), request.url_root),
        bom=form.bom.data,
        end_read=db.session.rollback), refused=refused, refusals=(ValidationFailed,),
        success=lambda job: _attachment(stream_with_context(job.chunks), job.filename,
                                         f"{job.format.mimetype}; charset=utf-8"))


@bp.route("/articles/<int:article_id>/report")
@requires(Permission.EXPORT_REPORTS)
def article_report(article_id: int) -> str:
    report = reports.article_report(db.session, current_user, article_id)
    return render_template("reports/article.html", report=report, **_pdf_note())


@bp.route("/articles/<int:article_id>/report.pdf", methods=["POST"])
@requires(Permission.EXPORT_REPORTS)
def article_report_pdf(article_id: int) -> ResponseReturnValue:
    if not pdf_available():
        # The report page already says so; a stale page or a second tab
        # comes back to it with the reason rather than an error page.
        flash(UNAVAILABLE, "error")
        return redirect(url_for("exports.article_report", article_id=article_id))

    def export() -> tuple[reports.ArticleReport, bytes]:
        report = reports.export_report(db.session, current_user, article_id,
                                       reports.ReportFormat.PDF)
        # Rendered before the commit: when PDF is unavailable the error page
        # explains why and no export is recorded.
        return report, report_pdf(report,
                                  organization=settings_of(current_app.config).organization_name)

    return run(None, export, refused=_error_page, refusals=(), success=lambda done: _attachment(
        done[1], f"{done[0].filename_stem}.pdf", "application/pdf"))


@bp.route("/articles/<int:article_id>/report.md", methods=["POST"])
@requires(Permission.EXPORT_REPORTS)
def article_report_markdown(article_id: int) -> ResponseReturnValue:
    def export() -> tuple[reports.ArticleReport, str]:
        report = reports.export_report(db.session, current_user, article_id,
                                       reports.ReportFormat.MARKDOWN)
        return report, reports.report_markdown(report)

    return run(None, export, refused=_error_page, refusals=(), success=lambda done: _attachment(
        done[1], f"{done[0].filename_stem}.md", "text/markdown; charset=utf-8"))


def _error_page(error: ServiceError | None, _status: int) -> ResponseReturnValue:
    # Reports have no form to show an error on: it gets the error page.
    raise error or ValidationFailed("The request could not be read.")
