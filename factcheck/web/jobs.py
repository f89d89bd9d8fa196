"""Background jobs on the web: the admins' status page (with Retry), a
person's own job (its progress, and its file when there is one), and the
report PDF made in the background for large articles."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.domain.jobs import JobStatus
from factcheck.domain.roles import Permission
from factcheck.domain.safe_files import attachment_disposition
from factcheck.extensions import db
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.jobs import ledger, requests
from factcheck.services.jobs.handlers import files_folder
from factcheck.services.jobs.status import queue_status
from factcheck.web.access import authenticated, requires
from factcheck.web.paging import requested_page
from factcheck.web.use_case import done, run

bp = Blueprint("jobs", __name__)


def _shown() -> JobStatus:
    try:
        return JobStatus(request.args.get("status", JobStatus.FAILED.value))
    except ValueError:
        return JobStatus.FAILED


@bp.route("/admin/jobs")
@requires(Permission.MANAGE_JOBS)
def status_page() -> str:
    status = queue_status(db.session, current_user, _shown(), requested_page())
    return render_template("admin/jobs.html", status=status, statuses=list(JobStatus))


@bp.route("/admin/jobs/<int:job_id>/retry", methods=["POST"])
@requires(Permission.MANAGE_JOBS)
def retry(job_id: int) -> ResponseReturnValue:
    back = url_for("jobs.status_page", status=JobStatus.FAILED.value)

    def refused(error: ServiceError | None, _status: int) -> ResponseReturnValue:
        flash(error.message if error else "The request could not be read.", "error")
        return redirect(back)

    return run(None, lambda: ledger.retry(db.session, current_user, job_id), refused=refused,
               success=lambda job: done(f"Job #{job.id} is queued again.", back))


@bp.route("/jobs/<int:job_id>")
@authenticated
def show(job_id: int) -> str:
    job = requests.job_for(db.session, current_user, job_id)
    return render_template("jobs/show.html", job=job)


@bp.route("/jobs/<int:job_id>/download")
@authenticated
def download(job_id: int) -> ResponseReturnValue:
    path, filename = requests.report_download(db.session, current_user, job_id,
                                              files_folder(current_app.instance_path))
    response = send_file(path, mimetype="application/pdf", max_age=0)
    response.headers["Content-Disposition"] = attachment_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/articles/<int:article_id>/report.pdf/job", methods=["POST"])
@requires(Permission.EXPORT_REPORTS)
def report_pdf_job(article_id: int) -> ResponseReturnValue:
    def refused(error: ServiceError | None, _status: int) -> ResponseReturnValue:
        raise error or ValidationFailed("The request could not be read.")

    return run(None, lambda: requests.request_report_pdf(db.session, current_user, article_id),
               refused=refused, refusals=(),
               success=lambda job: redirect(url_for("jobs.show", job_id=job.id)))
