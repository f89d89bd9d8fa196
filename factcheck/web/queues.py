"""Work queues and notifications."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.config import settings_of
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.review import notifications, queues
from factcheck.web.access import authenticated, requires
from factcheck.web.forms import LogoutForm
from factcheck.web.use_case import done, run

bp = Blueprint("queues", __name__)


@bp.route("/queues")
@requires(Permission.REVIEW_CLAIMS)
def index() -> str:
    available = queues.queues_for(current_user)
    wanted = request.args.get("queue", "")
    queue = next((q for q in available if q.value == wanted), available[0])
    required = settings_of(current_app.config).reviews_required
    claims = queues.claims_in(db.session, current_user, queue, required=required)
    sizes = queues.counts(db.session, current_user, required=required)
    return render_template("queues/index.html", queue=queue, queues=available, claims=claims,
                           sizes=sizes, required=required,
                           count_cap=queues.COUNT_CAP)


@bp.route("/notifications")
@authenticated
def notifications_page() -> str:
    items = notifications.recent(db.session, current_user)
    return render_template("queues/notifications.html", items=items, form=LogoutForm())


@bp.route("/notifications/read", methods=["POST"])
@authenticated
def mark_read() -> ResponseReturnValue:
    back = url_for("queues.notifications_page")
    return run(LogoutForm(),  # a bare CSRF-protected form
               lambda: notifications.mark_all_read(db.session, current_user),
               success=lambda _: done("All notifications marked as read.", back),
               refused=lambda _error, _status: redirect(back))
