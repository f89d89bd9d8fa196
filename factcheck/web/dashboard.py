"""The editors' verification dashboard."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from markupsafe import Markup

from factcheck.database import read_only
from factcheck.domain.charts import ChartItem, column_chart, label_every, row_chart
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.claims.listing import NO_OUTLET, outlet_names, reviewer_names
from factcheck.services.dashboard.already_checked import already_checked
from factcheck.services.dashboard.figures import Dashboard, build_dashboard
from factcheck.web.access import requires
from factcheck.web.claim_list import BaseFilterForm, read_filters
from factcheck.web.figures_cache import figures_cache, in_background
from factcheck.web.matching import thresholds

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
    form.set_options(outlet_names(db.session, current_user),
                     reviewer_names(db.session, current_user))
    filters = read_filters(form)
    if filters is None:
        return render_template("dashboard/index.html", form=form, body=None), 400

    def render_body() -> Markup:
        board = build_dashboard(db.session, current_user, filters)
        checked = already_checked(db.session, current_user, filters,
                                  likely_same=thresholds().likely_same, now=board.generated_at)
        # render_template escapes as it renders: its output is safe HTML.
        return Markup(render_template("dashboard/_body.html", board=board, f=filters,  # noqa: S704
                                      charts=charts(board), no_outlet=NO_OUTLET,
                                      checked=checked))

    # The figures and their hundreds of links are the same for every
    # editor: kept rendered for a short while, keyed by the filters.
    body = figures_cache().get_or_compute(("body", filters.key()), read_only(render_body),
                                          refresh_with=in_background)
    return render_template("dashboard/index.html", form=form, body=body), 200
