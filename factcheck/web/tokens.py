"""Personal access tokens on the account page: make one (its secret is
shown on the answer to the request that made it, and never again), see
them with their last use, revoke one."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.domain.tokens import scopes_for_role
from factcheck.extensions import db
from factcheck.models.types import utcnow
from factcheck.services.core.errors import PermissionDenied, ServiceError, ValidationFailed
from factcheck.services.tokens import personal
from factcheck.web.access import authenticated
from factcheck.web.token_forms import RevokeForm, TokenForm
from factcheck.web.use_case import done, run

bp = Blueprint("tokens", __name__)


def _page(form: TokenForm | None = None, created: personal.CreatedToken | None = None,
          status: int = 200) -> tuple[str, int, dict[str, str]]:
    user = current_user._get_current_object()
    form = form or TokenForm()
    form.offer(scopes_for_role(user.role))
    return render_template(
        "auth/tokens.html", form=form, created=created, revoke_form=RevokeForm(),
        tokens=personal.own_tokens(db.session, user), now=utcnow(),
    ), status, {"Cache-Control": "no-store"}


@bp.route("/account/tokens")
@authenticated
def index() -> ResponseReturnValue:
    return _page()


@bp.route("/account/tokens", methods=["POST"])
@authenticated
def create() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = TokenForm().offer(scopes_for_role(user.role))

    def refused(error: ServiceError | None, status: int) -> ResponseReturnValue:
        if error is not None:
            form.form_errors.append(error.message)
        return _page(form, status=status)

    # Shown here, on the answer to this request, and nowhere else.
    return run(form, lambda: personal.create_token(
        db.session, user, name=form.name.data or "", scopes=form.chosen_scopes(),
        lifetime_days=int(form.lifetime.data or 0)),
        success=lambda created: _page(created=created), refused=refused,
        refusals=(ValidationFailed, PermissionDenied))


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@authenticated
def revoke(token_id: int) -> ResponseReturnValue:
    user = current_user._get_current_object()
    return run(RevokeForm(), lambda: personal.revoke_token(db.session, user, token_id),
               success=lambda token: done(f"Token “{token.name}” revoked: it no longer works.",
                                          url_for("tokens.index")),
               refused=lambda _error, _status: _page(status=400))
