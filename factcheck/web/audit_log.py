"""The admin audit log, and the history pages of articles and claims."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from factcheck.config import settings_of
from factcheck.domain.history import day_groups
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from factcheck.services.audit import history
from factcheck.services.audit import queries as audit_queries
from factcheck.services.core.pages import Page
from factcheck.web.access import requires
from factcheck.web.forms import AuditFilterForm
from factcheck.web.paging import other_args, requested_page

bp = Blueprint("audit", __name__)


@bp.route("/admin/audit")
@requires(Permission.VIEW_AUDIT_LOG)
def log() -> str | tuple[str, int]:
    form = AuditFilterForm(request.args)
    if not form.validate():
        # A filter that cannot be applied is said so, not silently dropped.
        empty: Page[AuditEvent] = Page(items=[], number=1, has_next=False)
        return render_template("audit/log.html", form=form, result=empty, args={}), 400
    filters = audit_queries.AuditFilters(
        actor=(form.actor.data or "").strip(),
        action=form.action.data or "",
        entity_type=form.entity_type.data or "",
        entity_id=(form.entity_id.data or "").strip(),
        since=form.since.data,
        until=form.until.data,
    )
    result = audit_queries.search(db.session, current_user, filters, requested_page())
    return render_template("audit/log.html", form=form, result=result, args=other_args())


@bp.route("/articles/<int:article_id>/history")
@requires(Permission.VIEW_HISTORY)
def article_history(article_id: int) -> str:
    article, entries = history.article_history(db.session, current_user, article_id,
                                               _required())
    return render_template("audit/history.html", subject=f"Article: {article.title}",
                           groups=day_groups(entries), per_claim=True)


@bp.route("/claims/<int:claim_id>/history")
@requires(Permission.VIEW_HISTORY)
def claim_history(claim_id: int) -> str:
    claim, entries = history.claim_history(db.session, current_user, claim_id, _required())
    return render_template("audit/history.html", subject=f"Claim: {claim.text[:120]}",
                           groups=day_groups(entries), per_claim=False)


def _required() -> int:
    return settings_of(current_app.config).reviews_required
