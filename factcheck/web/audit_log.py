"""The admin audit log, and the history pages of articles and claims."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.services import audit_queries
from factcheck.web.access import requires
from factcheck.web.forms import AuditFilterForm

bp = Blueprint("audit", __name__)


@bp.route("/admin/audit")
@requires(Permission.VIEW_AUDIT_LOG)
def log() -> str | tuple[str, int]:
    form = AuditFilterForm(request.args)
    if not form.validate():
        # A filter that cannot be applied is said so, not silently dropped.
        empty = audit_queries.AuditPage(events=[], page=1, has_next=False)
        return render_template("audit/log.html", form=form, result=empty, args={}), 400
    filters = audit_queries.AuditFilters(
        actor=(form.actor.data or "").strip(),
        action=form.action.data or "",
        entity_type=form.entity_type.data or "",
        entity_id=(form.entity_id.data or "").strip(),
        since=form.since.data,
        until=form.until.data,
    )
    page = request.args.get("page", 1, type=int) or 1
    result = audit_queries.search(db.session, current_user, filters, page)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("audit/log.html", form=form, result=result, args=args)


@bp.route("/articles/<int:article_id>/history")
@requires(Permission.VIEW_HISTORY)
def article_history(article_id: int) -> str:
    article = db.session.get(Article, article_id) or abort(404)
    events = audit_queries.entity_history(db.session, current_user, "article", article_id)
    return render_template("audit/history.html", subject=f"Article: {article.title}",
                           events=events)


@bp.route("/claims/<int:claim_id>/history")
@requires(Permission.VIEW_HISTORY)
def claim_history(claim_id: int) -> str:
    claim = db.session.get(Claim, claim_id) or abort(404)
    events = audit_queries.entity_history(db.session, current_user, "claim", claim_id)
    return render_template("audit/history.html", subject=f"Claim: {claim.text[:120]}",
                           events=events)
