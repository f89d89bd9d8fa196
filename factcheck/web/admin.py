"""Admin pages: people and their roles."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.domain.roles import Permission, Role
from factcheck.extensions import db
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.users import accounts as users
from factcheck.web.access import requires
from factcheck.web.forms import UserCreateForm, UserEditForm
from factcheck.web.use_case import done, run

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires(Permission.MANAGE_USERS)
def user_list() -> str:
    return render_template("admin/users.html",
                           users=users.list_users(db.session, current_user))


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def user_new() -> ResponseReturnValue:
    form = UserCreateForm()

    def refused(error: ServiceError | None, _status: int) -> tuple[str, int]:
        if error is not None:
            form.form_errors.append(error.message)
        # A refused submission says so in its status too, as the other forms do.
        refused = form.is_submitted() and bool(form.errors or form.form_errors)
        return render_template("admin/user_new.html", form=form), 400 if refused else 200

    return run(form, lambda: users.create_user(
        db.session, current_user, email=form.email.data or "",
        display_name=form.display_name.data or "", role=Role(form.role.data),
        password=form.password.data or ""), refused=refused,
        success=lambda user: done(f"Added {user.email} as {user.role.label.lower()}.",
                                  url_for("admin.user_list")))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def user_edit(user_id: int) -> ResponseReturnValue:
    user = users.get_user(db.session, current_user, user_id)
    form = UserEditForm()
    if not form.is_submitted():
        form.role.data = user.role.value
        form.active.data = user.active

    def refused(error: ServiceError | None, _status: int) -> str:
        if error is not None:
            form.form_errors.append(error.message)
        return render_template("admin/user_edit.html", form=form, user=user)

    return run(form, lambda: users.update_user(
        db.session, current_user, user, role=Role(form.role.data),
        active=bool(form.active.data)), refused=refused, refusals=(ValidationFailed,),
        success=lambda _: done(f"Saved {user.email}.", url_for("admin.user_list")))
