"""Work queues and notifications."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.config import settings_of
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.review import notifications, queues
from factcheck.web.access import authenticated, requires
from factcheck.web.forms import LogoutForm
from factcheck.web.highlights import link_for_ids
from factcheck.web.paging import requested_page
from factcheck.web.use_case import done, run

bp = Blueprint("queues", __name__)


@bp.route("/queues")
@requires(Permission.REVIEW_CLAIMS)
def index() -> str:
    available = queues.queues_for(current_user)
    wanted = request.args.get("queue", "")
    required = settings_of(current_app.config).reviews_required
    sizes = queues.counts(db.session, current_user, required=required)
    queue = next((q for q in available if q.value == wanted), None) or _first_with_work(
        available, sizes)
    page = queues.page_of(db.session, current_user, queue, required=required,
                          page=requested_page())
    return render_template("queues/index.html", queue=queue, queues=available,
                           claims=page.items, page=page, sizes=sizes, required=required,
                           count_cap=queues.COUNT_CAP,
                           review_link=link_for_ids("reviews.claim", "claim_id"))


# Where each person lands: an editor's work is deciding, so the decisions
# come first; a checker's is their own claims, then new ones.
LANDING_ORDER = (queues.Queue.READY, queues.Queue.DISPUTED, queues.Queue.MINE,
                 queues.Queue.SECOND_REVIEW, queues.Queue.UNASSIGNED)


def _first_with_work(available: list[queues.Queue],
                     sizes: Mapping[queues.Queue, int]) -> queues.Queue:
    ordered = sorted(available, key=lambda q: LANDING_ORDER.index(q)
                     if q in LANDING_ORDER else len(LANDING_ORDER))
    return next((q for q in ordered if sizes.get(q)), available[0])


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
