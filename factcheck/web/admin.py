"""Admin pages: people and their roles."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.domain.roles import Permission, Role
from factcheck.extensions import db
from factcheck.services.core.errors import Conflict, ValidationFailed
from factcheck.services.users import accounts as users
from factcheck.web.access import requires
from factcheck.web.forms import UserCreateForm, UserEditForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires(Permission.MANAGE_USERS)
def user_list() -> str:
    return render_template("admin/users.html",
                           users=users.list_users(db.session, current_user))


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def user_new() -> tuple[str, int] | Response:
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = users.create_user(
                db.session, current_user, email=form.email.data or "",
                display_name=form.display_name.data or "", role=Role(form.role.data),
                password=form.password.data or "",
            )
        except (ValidationFailed, Conflict) as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(f"Added {user.email} as {user.role.label.lower()}.", "info")
            return redirect(url_for("admin.user_list"))
    # A refused submission says so in its status too, as the other forms do.
    refused = form.is_submitted() and bool(form.errors or form.form_errors)
    return render_template("admin/user_new.html", form=form), 400 if refused else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def user_edit(user_id: int) -> str | Response:
    user = users.get_user(db.session, user_id)
    form = UserEditForm()
    if not form.is_submitted():
        form.role.data = user.role.value
        form.active.data = user.active
    if form.validate_on_submit():
        try:
            users.update_user(db.session, current_user, user, role=Role(form.role.data),
                              active=bool(form.active.data))
        except ValidationFailed as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(f"Saved {user.email}.", "info")
            return redirect(url_for("admin.user_list"))
    return render_template("admin/user_edit.html", form=form, user=user)
