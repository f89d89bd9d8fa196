"""Error pages: a clear message, never a traceback or SQL."""

from __future__ import annotations

import contextlib
import logging

from flask import Flask, g, render_template, request
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, TooManyRequests

from factcheck.extensions import db
from factcheck.security_log import security_event
from factcheck.services.core.errors import ServiceError

log = logging.getLogger("factcheck.errors")

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Reload the page and try again."),
    403: ("Not allowed", "Your account does not have permission to do that."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    409: ("Changed by someone else", "Someone else saved a change first. Nothing was overwritten."),
    413: ("Too large", "What you sent is larger than the limit of 10 MB."),
    429: ("Too many attempts", "Too many attempts in a short time. Wait a minute and try again."),
    500: ("Something went wrong", "The error has been logged. Nothing you sent was half-saved."),
    503: ("Temporarily unavailable", "The database cannot be reached. Try again in a moment."),
}


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    title, message = MESSAGES.get(status, MESSAGES[500])
    return render_template("errors/error.html", status=status, title=title,
                           message=detail or message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        actor = current_user.email if current_user.is_authenticated else "anonymous"
        security_event("csrf_failure", actor=actor, endpoint=request.endpoint,
                       reason=error.description, ip=request.remote_addr)
        return render_error(400, "The form had expired or was missing its security token. "
                                 "Reload the page and try again.")

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError) -> tuple[str, int]:
        db.session.rollback()
        return render_error(error.status_code, error.message)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError) -> tuple[str, int, dict[str, str]]:
        # The connection may be gone; the pool replaces it on the next request.
        with contextlib.suppress(OperationalError):
            db.session.rollback()
        with contextlib.suppress(OperationalError):
            db.session.remove()
        text = str(error.orig).lower()
        unwritable = any(sign in text for sign in ("readonly", "read-only", "disk is full",
                                                   "no space left", "could not extend"))
        log.error("database %s: %s", "not writable" if unwritable else "unavailable",
                  error.orig.__class__.__name__)
        message = ("The database cannot be written to right now (read-only or out of disk "
                   "space). Nothing you sent was saved." if unwritable else None)
        # A page that needs nothing from the database, not even who is signed
        # in: treat the visitor as anonymous for this one response.
        g._login_user = AnonymousUserMixin()
        g.database_down = True
        title, default = MESSAGES[503]
        page = render_template("errors/unavailable.html", title=title,
                               message=message or default)
        return page, 503, {"Retry-After": "30"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        status = error.code or 500
        # Our own aborts carry a specific message; Werkzeug's stock ones don't.
        custom = error.description if error.description != type(error).description else None
        return render_error(status if status in MESSAGES else 500, custom)

    @app.errorhandler(TooManyRequests)
    def too_many(error: TooManyRequests) -> tuple[str, int]:
        return render_error(429)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        log.error("unhandled error", exc_info=error.original_exception or error)
        return render_error(500)
