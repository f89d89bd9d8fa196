"""The web layer: blueprints, access control, headers, error pages."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_login import current_user, logout_user

from factcheck.config import settings_of
from factcheck.database import end_reading, reading
from factcheck.domain.bounds import id_in_range
from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.roles import Permission, Role
from factcheck.domain.sources import SourceKind, hedge_list
from factcheck.extensions import db, login_manager
from factcheck.models.user import User
from factcheck.services.audit.trail import audit_context
from factcheck.services.review import notifications
from factcheck.services.users import accounts as users
from factcheck.web.access import enforce_access
from factcheck.web.api.problems import api_aware, is_api_request
from factcheck.web.badges import rating_badge, status_badge, verdict_badge
from factcheck.web.claim_rows import article_claim_rows
from factcheck.web.errors import register_error_handlers
from factcheck.web.form_fields import radio_choices
from factcheck.web.guards import refuse_nul_characters
from factcheck.web.highlights import article_text_html, link_for_ids
from factcheck.web.security import add_security_headers

# (endpoint, label, permission): shown to those who hold the permission.
NAV_ITEMS: list[tuple[str, str, Permission]] = [
    ("home.index", "Overview", Permission.VIEW_ARTICLES),
    ("articles.index", "Articles", Permission.VIEW_ARTICLES),
    ("queues.index", "Queues", Permission.REVIEW_CLAIMS),
    ("revisions.queue", "Stale verdicts", Permission.DECIDE_VERDICTS),
    ("claim_list.index", "Claims", Permission.VIEW_ARTICLES),
    ("sources.index", "Sources", Permission.VIEW_ARTICLES),
    ("dashboard.index", "Dashboard", Permission.VIEW_DASHBOARD),
    ("exports.index", "Exports", Permission.EXPORT_REPORTS),
    ("admin.user_list", "Users", Permission.MANAGE_USERS),
    ("jobs.status_page", "Jobs", Permission.MANAGE_JOBS),
    ("matching.import_page", "Import fact-checks", Permission.IMPORT_VERDICTS),
    ("webhooks.index", "Webhooks", Permission.MANAGE_WEBHOOKS),
    ("audit.log", "Audit log", Permission.VIEW_AUDIT_LOG),
]


def register_web(app: Flask) -> None:
    from factcheck.web import (
        admin,
        articles,
        audit_log,
        auth,
        claims,
        exports,
        home,
        queues,
        reviews,
        sources,
    )

    for module in (auth, home, articles, claims, reviews, queues, sources, admin, audit_log,
                   exports):
        app.register_blueprint(module.bp)
    from factcheck.web import (
        claim_list,
        dashboard,
        jobs,
        matching,
        public,
        revisions,
        tokens,
        webhooks,
    )

    for module in (claim_list, dashboard, matching, revisions, public, tokens, jobs, webhooks):
        app.register_blueprint(module.bp)
    from factcheck.web.api import register_api

    register_api(app)

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)

    app.before_request(_declare_transactions)
    app.before_request(refuse_nul_characters)
    app.before_request(_set_audit_context)
    app.before_request(_expire_idle_session)
    app.before_request(enforce_access)
    app.after_request(add_security_headers)
    app.teardown_request(_clear_audit_context)
    app.teardown_request(_end_declared_transactions)
    register_error_handlers(app)
    # After the web's handlers exist: API requests get problem+json instead.
    api_aware(app)
    app.jinja_env.filters["hedge_list"] = hedge_list

    @app.context_processor
    def navigation() -> dict[str, Any]:
        endpoints = set(app.view_functions)
        unread = (notifications.unread_count(db.session, current_user)
                  if not g.get("database_down") and current_user.is_authenticated
                  and request.endpoint != "static" else 0)
        return {
            "nav_items": [item for item in NAV_ITEMS if item[0] in endpoints],
            "url_rules": endpoints,
            "unread_notifications": unread,
        }

    app.jinja_env.globals.update(
        article_claim_rows=article_claim_rows,
        article_text_html=article_text_html,
        radio_choices=radio_choices,
        link_for_ids=link_for_ids,
        rating_badge=rating_badge,
        status_badge=status_badge,
        verdict_badge=verdict_badge,
        Permission=Permission,
        Role=Role,
        ClaimStatus=ClaimStatus,
        ClaimKind=ClaimKind,
        TruthRating=TruthRating,
        AttributionRating=AttributionRating,
        SourceKind=SourceKind,
    )


def load_user(user_id: str) -> User | None:
    """The cookie holds "id:session_version". A version that no longer
    matches (after logout, password or role change, deactivation) logs
    nobody in, even from a cookie copied before the change."""
    id_text, _, version_text = user_id.partition(":")
    if not id_text.isdigit() or not version_text.isdigit() or not id_in_range(int(id_text)):
        return None
    return users.user_for_session(db.session, int(id_text), int(version_text))


# HTTP says these change nothing, so their transactions only read.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _declare_transactions() -> None:
    if request.method in SAFE_METHODS:
        declared = ExitStack()
        declared.enter_context(reading())
        g.declared_transactions = declared


def _end_declared_transactions(error: Any = None) -> None:
    declared = g.pop("declared_transactions", None)
    if declared is not None:
        if error is None:
            end_reading(db.session, finished=True)  # the session is removed next
        declared.close()


def _set_audit_context() -> None:
    g.audit_token = audit_context.set(
        {"ip": request.remote_addr, "user_agent": request.user_agent.string[:200]}
    )


def _clear_audit_context(_error: Any = None) -> None:
    token = g.pop("audit_token", None)
    if token is not None:
        audit_context.reset(token)


LAST_SEEN_GRAIN_SECONDS = 60


def _expire_idle_session() -> None:
    """Idle and absolute timeouts on top of the cookie's own lifetime."""
    if request.endpoint == "static" or is_api_request() or not current_user.is_authenticated:
        return
    now = int(time.time())
    started = session.get("started_at", now)
    last_seen = session.get("last_seen", now)
    settings = settings_of(current_app.config)
    if (now - last_seen > settings.session_idle_seconds
            or now - started > settings.session_max_seconds):
        logout_user()
        session.clear()
        return
    # Rewritten once a minute at most: a changed session is signed again and
    # sent back with every response, and the idle timeout (hours) loses
    # nothing to a minute's grain.
    if now - last_seen >= LAST_SEEN_GRAIN_SECONDS or "last_seen" not in session:
        session["last_seen"] = now
