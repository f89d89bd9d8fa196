"""Exports: bulk downloads of verdicts and each article's verdict report."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    stream_with_context,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.safe_files import attachment_disposition
from factcheck.extensions import db
from factcheck.services import exports, reports
from factcheck.services.errors import ValidationFailed
from factcheck.services.exports_pdf import render_pdf
from factcheck.services.exports_query import ExportFilters
from factcheck.web.access import requires
from factcheck.web.forms import DAY_BOUNDS, choices

bp = Blueprint("exports", __name__)


class ExportForm(FlaskForm):
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
    return render_template("exports/index.html", form=ExportForm())


def _attachment(body: Iterable[str] | str | bytes, filename: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = attachment_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/exports", methods=["POST"])
@requires(Permission.EXPORT_REPORTS)
def download() -> Response | tuple[str, int]:
    form = ExportForm()
    if not form.validate_on_submit():
        return render_template("exports/index.html", form=form), 400
    try:
        job = exports.start_export(db.session, current_user, exports.ExportFormat(form.format.data),
                                   form.filters(), exports.ExportSettings.from_config(
                                       current_app.config), bom=form.bom.data)
    except ValidationFailed as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return render_template("exports/index.html", form=form), 400
    # Recorded before the first byte: a download cut short is still audited.
    db.session.commit()
    return _attachment(stream_with_context(job.chunks), job.filename,
                       f"{job.format.mimetype}; charset=utf-8")


@bp.route("/articles/<int:article_id>/report")
@requires(Permission.EXPORT_REPORTS)
def article_report(article_id: int) -> str:
    report = reports.article_report(db.session, current_user, article_id)
    return render_template("reports/article.html", report=report)


def report_document_html(report: reports.ArticleReport) -> str:
    return render_template("reports/article_document.html", report=report,
                           organization=current_app.config.get("ORGANIZATION_NAME", ""))


def app_stylesheet() -> Path:
    return Path(current_app.static_folder or "static") / "css" / "app.css"


@bp.route("/articles/<int:article_id>/report.pdf", methods=["POST"])
@requires(Permission.EXPORT_REPORTS)
def article_report_pdf(article_id: int) -> Response:
    report = reports.export_report(db.session, current_user, article_id,
                                   reports.ReportFormat.PDF)
    # Rendered before the commit: when PDF is unavailable the error page
    # explains why and no export is recorded.
    pdf = render_pdf(report_document_html(report), app_stylesheet())
    db.session.commit()
    return _attachment(pdf, f"{report.filename_stem}.pdf", "application/pdf")


@bp.route("/articles/<int:article_id>/report.md", methods=["POST"])
@requires(Permission.EXPORT_REPORTS)
def article_report_markdown(article_id: int) -> Response:
    report = reports.export_report(db.session, current_user, article_id,
                                   reports.ReportFormat.MARKDOWN)
    text = reports.report_markdown(report)
    db.session.commit()
    return _attachment(text, f"{report.filename_stem}.md", "text/markdown; charset=utf-8")
