"""Signing in and out, and changing one's own password."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from factcheck.config import settings_of
from factcheck.domain.emails import InvalidEmailError, normalize_email
from factcheck.extensions import db, limiter
from factcheck.security_log import security_event
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.users import accounts as users
from factcheck.web.access import authenticated, public
from factcheck.web.forms import LoginForm, LogoutForm, PasswordChangeForm
from factcheck.web.use_case import done, run

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: no scheme, no host, no '//' or backslash
    tricks that browsers read as another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _account_key() -> str:
    raw = request.form.get("email", "")
    try:
        return "login-account:" + normalize_email(raw)
    except InvalidEmailError:
        return "login-account:" + raw.strip().lower()[:320]


def _address_key() -> str:
    return "login-address:" + (request.remote_addr or "unknown")


def _failed(response: Response) -> bool:
    # Only failed attempts count against the limits; signing in works.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: settings_of(current_app.config).login_limit_per_address,
               key_func=_address_key, methods=["POST"], deduct_when=_failed,
               scope="login-address")
@limiter.limit(lambda: settings_of(current_app.config).login_limit_per_account,
               key_func=_account_key, methods=["POST"], deduct_when=_failed,
               scope="login-account")
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = users.authenticate(db.session, form.email.data or "", form.password.data or "")
        db.session.commit()
        security_event("login" if user else "login_failed", actor=form.email.data or "",
                       ip=request.remote_addr)
        if user is not None:
            # A fresh session at sign-in: nothing from before carries over.
            session.clear()
            login_user(user)
            now = int(time.time())
            session["started_at"] = now
            session["last_seen"] = now
            return redirect(safe_next(form.next.data) or url_for("home.index"))
        flash("Email or password is not correct.", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@authenticated
def logout() -> ResponseReturnValue:
    def signed_out(_: object) -> Response:
        security_event("logout", actor=current_user.email, ip=request.remote_addr)
        logout_user()
        session.clear()
        return done("You are signed out.", url_for("auth.login"))

    return run(LogoutForm(), lambda: users.logout(db.session, current_user._get_current_object()),
               success=signed_out, refused=lambda _error, _status: redirect(url_for("auth.login")))


@bp.route("/account/password", methods=["GET", "POST"])
@authenticated
def change_password() -> ResponseReturnValue:
    form = PasswordChangeForm()
    user = current_user._get_current_object()

    def changed(_: object) -> Response:
        # Other sessions have ended; this one carries on with the new version.
        login_user(user)
        return done("Password changed. You were signed out everywhere else.",
                    url_for("home.index"))

    def refused(error: ServiceError | None, _status: int) -> str:
        if error is not None:
            form.form_errors.append(error.message)
        return render_template("auth/password.html", form=form)

    return run(form, lambda: users.change_password(
        db.session, user, current=form.current.data or "", new=form.new.data or ""),
        success=changed, refused=refused, refusals=(ValidationFailed,))
