"""The landing page after sign-in, and a health check for load balancers."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.core.health import check_database
from factcheck.services.dashboard import overview
from factcheck.web.access import public, requires

bp = Blueprint("home", __name__)


@bp.route("/")
@requires(Permission.VIEW_ARTICLES)
def index() -> str:
    return render_template("home.html", counts=overview.desk_counts(db.session, current_user),
                           recent_articles=overview.recent_articles(db.session, current_user))


@bp.route("/healthz")
@public
def health() -> tuple[dict[str, str], int]:
    # Says only whether the database answers; nothing else leaks.
    check_database(db.session)
    return {"status": "ok"}, 200
