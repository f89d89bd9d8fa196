"""Signing in and out, and changing one's own password."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
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

from factcheck.extensions import db
from factcheck.security_log import security_event
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.users import accounts as users
from factcheck.web import attempt_limits
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


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> str | Response | tuple[str, int, dict[str, Any]]:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        email = form.email.data or ""
        attempt = attempt_limits.reserve(attempt_limits.login_rules(email))
        if not attempt.allowed:
            return attempt_limits.refused(attempt, "login_throttled", email, throttled_sign_in)
        outcome = users.authenticate(db.session, email, form.password.data or "")
        user = outcome.user
        if user is not None:
            attempt_limits.give_back(attempt)
        db.session.commit()
        security_event("login" if user else "login_failed", actor=email, ip=request.remote_addr)
        if user is not None:
            # A fresh session at sign-in: nothing from before carries over.
            session.clear()
            login_user(user)
            now = int(time.time())
            session["started_at"] = now
            session["last_seen"] = now
            return redirect(safe_next(form.next.data) or url_for("home.index"))
        flash(outcome.message, "error")
    return render_template("auth/login.html", form=form)


def throttled_sign_in(message: str) -> str:
    """Sign-in refused for too many attempts: the sign-in page again, with
    the email as typed and the reason, so nothing is lost and the next try
    is one click away (the password is never sent back)."""
    form = LoginForm(formdata=None, email=request.form.get("email", "")[:320],
                     next=request.form.get("next", "")[:2000])
    form.form_errors.append(message)
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
    if not form.validate_on_submit():
        return render_template("auth/password.html", form=form)
    # Reserved (and committed) before the password is checked, like a sign-in.
    attempt = attempt_limits.reserve(attempt_limits.password_change_rules(user.id))
    if not attempt.allowed:
        return attempt_limits.refused(attempt, "password_change_throttled", user.email)

    def change() -> None:
        users.change_password(db.session, user, current=form.current.data or "",
                              new=form.new.data or "")
        attempt_limits.give_back(attempt)

    def changed(_: object) -> Response:
        # Other sessions have ended; this one carries on with the new version.
        login_user(user)
        return done("Password changed. You were signed out everywhere else.",
                    url_for("home.index"))

    def refused(error: ServiceError | None, _status: int) -> str:
        if isinstance(error, users.WrongCurrentPassword):
            attempt_limits.wrong_current_password(user)
        elif error is not None:
            attempt_limits.give_back_now(attempt)  # knew the password: not a guess
        if error is not None:
            form.form_errors.append(error.message)
        return render_template("auth/password.html", form=form)

    return run(None, change, success=changed, refused=refused, refusals=(ValidationFailed,))
