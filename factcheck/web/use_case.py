"""Running one use case from a view: validate the form, call the service,
commit once, then redirect; or, refused, roll back and draw the page again
with the error. Every form that changes something goes through ``run``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash, redirect
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from factcheck.extensions import db
from factcheck.services.core.errors import Conflict, ServiceError, ValidationFailed

T = TypeVar("T")

CHANGED_MEANWHILE = ("Someone else changed this while you were looking at it. Nothing was "
                     "overwritten; the page now shows their version.")

# Draws the page again: with the service's error, or with None when the
# form itself did not validate; the int is the status to answer with.
Refusal = Callable[[ServiceError | None, int], ResponseReturnValue]


def run(form: FlaskForm | None, use_case: Callable[[], T], *,
        success: Callable[[T], ResponseReturnValue], refused: Refusal,
        refusals: tuple[type[ServiceError], ...] = (Conflict, ValidationFailed),
        ) -> ResponseReturnValue:
    """``form`` None: nothing to validate (the view already read its input).
    Errors outside ``refusals`` (not found, permission) go to the error
    pages, which roll back."""
    if form is not None and not form.validate_on_submit():
        return refused(None, 400)
    try:
        result = use_case()
        db.session.commit()
    except StaleDataError:
        # Another edit committed between this request's read and its write.
        db.session.rollback()
        return refused(Conflict(CHANGED_MEANWHILE), Conflict.status_code)
    except refusals as error:
        db.session.rollback()
        return refused(error, error.status_code)
    return success(result)


def done(message: str, to: str) -> Response:
    """Say what happened and go where the person sees it."""
    flash(message, "info")
    return redirect(to)


def show_error(form: FlaskForm, error: ServiceError | None) -> None:
    """The usual way to show a refusal: a conflict as a message above the
    page, anything else on the form."""
    if isinstance(error, Conflict):
        flash(error.message, "error")
    elif error is not None:
        form.form_errors.append(error.message)
