"""Work queues and notifications."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services import notifications, queues
from factcheck.web.access import authenticated, requires
from factcheck.web.forms import LogoutForm

bp = Blueprint("queues", __name__)


@bp.route("/queues")
@requires(Permission.REVIEW_CLAIMS)
def index() -> str:
    available = queues.queues_for(current_user)
    wanted = request.args.get("queue", "")
    queue = next((q for q in available if q.value == wanted), available[0])
    required = int(current_app.config["REVIEWS_REQUIRED"])
    page = queues.page_of(db.session, current_user, queue, required=required,
                          page=request.args.get("page", 1, type=int) or 1)
    sizes = queues.counts(db.session, current_user, required=required)
    return render_template("queues/index.html", queue=queue, queues=available,
                           claims=page.claims, page=page, sizes=sizes, required=required,
                           count_cap=queues.COUNT_CAP)


@bp.route("/notifications")
@authenticated
def notifications_page() -> str:
    items = notifications.recent(db.session, current_user)
    return render_template("queues/notifications.html", items=items, form=LogoutForm())


@bp.route("/notifications/read", methods=["POST"])
@authenticated
def mark_read() -> Response:
    form = LogoutForm()  # a bare CSRF-protected form
    if form.validate_on_submit():
        notifications.mark_all_read(db.session, current_user)
        db.session.commit()
        flash("All notifications marked as read.", "info")
    return redirect(url_for("queues.notifications_page"))
