"""The editors' verification dashboard."""

from __future__ import annotations

import hashlib

from flask import Blueprint, render_template, request
from flask_login import current_user
from markupsafe import Markup

from factcheck.domain.charts import ChartItem, column_chart, label_every, row_chart
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.claims.listing import (
    NO_OUTLET,
    ClaimFilters,
    outlet_names,
    reviewer_names,
)
from factcheck.services.dashboard.figures import (
    Dashboard,
    build_dashboard,
    maintained_dashboard,
)
from factcheck.web.access import requires
from factcheck.web.claim_list import BaseFilterForm, read_filters
from factcheck.web.matching import thresholds
from factcheck.web.shared_cache import (
    figures_max_age,
    filtered_dashboard_seconds,
    shared_cache,
)
from factcheck.web.shared_cache import now as figures_now

bp = Blueprint("dashboard", __name__)

def charts(board: Dashboard) -> dict[str, object]:
    """Chart geometry for each section; the template draws and links it."""
    statuses = [ChartItem(s.value, s.label, board.progress.by_status.get(s, 0), f"status-{s.value}")
                for s in ClaimStatus]
    ratings = [ChartItem(r.value, r.label, board.verdicts.by_rating.get(r, 0), f"rating-{r.value}")
               for r in TruthRating]
    weeks = [ChartItem(week.isoformat(), week.strftime("%d %b"), count)
             for week, count in board.verdicts.by_week]
    ages = [ChartItem(bucket.key, bucket.label, count)
            for bucket, count in board.backlog.buckets]
    outlets = [ChartItem(row.outlet or NO_OUTLET, row.outlet or NO_OUTLET, row.total)
               for row in board.verdicts.by_outlet[:12]]
    return {
        "status": row_chart("Claims by status", statuses),
        "rating": row_chart("Current verdicts by rating", ratings),
        "week": column_chart("Verdicts approved per week", weeks),
        "week_labels": label_every(len(weeks)),
        "outlet": row_chart("Verdicts by outlet", outlets, label_width=150),
        "age": row_chart("Waiting claims by age", ages),
    }


@bp.route("/dashboard")
@requires(Permission.VIEW_DASHBOARD)
def index() -> tuple[str, int]:
    form = BaseFilterForm(request.args)
    reviewers = reviewer_names(db.session, current_user)
    form.set_options(outlet_names(db.session, current_user), reviewers)
    filters = read_filters(form)
    if filters is None:
        return render_template("dashboard/index.html", form=form, body=None), 400

    if filters.is_empty:
        # Maintained counters and the periodic figures: nothing to cache.
        board = maintained_dashboard(db.session, current_user, shared_cache(),
                                     max_age=figures_max_age(), now=figures_now(),
                                     likely_same=thresholds().likely_same,
                                     reviewers=reviewers)
        return render_template("dashboard/index.html", form=form,
                               body=render_body(board, filters)), 200
    body = _filtered_body(filters)
    return render_template("dashboard/index.html", form=form, body=body), 200


def render_body(board: Dashboard, filters: ClaimFilters) -> Markup:
    # render_template escapes as it renders: its output is safe HTML.
    return Markup(render_template("dashboard/_body.html", board=board, f=filters,  # noqa: S704
                                  charts=charts(board), no_outlet=NO_OUTLET,
                                  max_age=figures_max_age(), checked=board.already_checked))


def _filtered_body(filters: ClaimFilters) -> Markup:
    """A filtered dashboard aggregates its claims afresh; the rendered
    figures (the same for every editor) stay in the shared cache for a few
    seconds, keyed by the filters, so every worker serves the same copy."""
    seconds = filtered_dashboard_seconds()
    key = "dashboard:filtered:" + hashlib.sha256(repr(filters.key()).encode()).hexdigest()
    if seconds > 0:
        cached = shared_cache().get(key)
        if cached is not None:
            return Markup(cached)  # noqa: S704 - stored by render_body below
    body = render_body(build_dashboard(db.session, current_user, filters, now=figures_now(),
                                       likely_same=thresholds().likely_same), filters)
    if seconds > 0:
        shared_cache().set(key, str(body), seconds)
    return body
