"""Error pages: a clear message, never a traceback or SQL."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from factcheck.extensions import db
from factcheck.security_log import security_event
from factcheck.services.errors import ServiceError

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
    def database_unavailable(error: OperationalError) -> tuple[str, int]:
        db.session.rollback()
        log.error("database error: %s", error.__class__.__name__)
        return render_error(503)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        status = error.code or 500
        return render_error(status if status in MESSAGES else 500)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        log.error("unhandled error", exc_info=error.original_exception or error)
        return render_error(500)
