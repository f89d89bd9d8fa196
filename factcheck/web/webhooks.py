"""Editors' webhook endpoints: the list with each endpoint's latest
deliveries, register and edit, the secret (shown once, on the page that
made it), rotate, switch on and off, delete, send a test event, and each
endpoint's delivery log. Nothing here sends anything: deliveries are
queued and a worker sends them, so a slow endpoint never holds a page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.config import settings_of
from factcheck.domain.roles import Permission
from factcheck.domain.webhooks import SUBSCRIBABLE
from factcheck.extensions import db
from factcheck.models.webhook import WebhookEndpoint
from factcheck.services.core.errors import ServiceError
from factcheck.services.webhooks import endpoints, listing
from factcheck.web.access import requires
from factcheck.web.paging import requested_page
from factcheck.web.use_case import Refusal, done, run, show_error
from factcheck.web.webhook_forms import EnableForm, EndpointActionForm, EndpointForm

bp = Blueprint("webhooks", __name__)


def _allow_private() -> bool:
    return settings_of(current_app.config).webhooks_allow_private


@bp.route("/webhooks")
@requires(Permission.MANAGE_WEBHOOKS)
def index() -> str:
    return render_template("webhooks/index.html",
                           rows=listing.endpoints_page(db.session, current_user),
                           action_form=EndpointActionForm())


def _new_page(form: EndpointForm, status: int = 200) -> tuple[str, int]:
    return render_template("webhooks/new.html", form=form,
                           allow_private=_allow_private()), status


@bp.route("/webhooks/new")
@requires(Permission.MANAGE_WEBHOOKS)
def new() -> ResponseReturnValue:
    form = EndpointForm()
    form.events.data = [kind.value for kind in SUBSCRIBABLE]
    return _new_page(form)


def _secret_page(endpoint: WebhookEndpoint, secret: str, made: str) -> str:
    """The only time the secret is shown: right after it is made."""
    return render_template("webhooks/secret.html", endpoint=endpoint, secret=secret, made=made)


@bp.route("/webhooks/new", methods=["POST"])
@requires(Permission.MANAGE_WEBHOOKS)
def create() -> ResponseReturnValue:
    form = EndpointForm()

    def refused(error: ServiceError | None, status: int) -> ResponseReturnValue:
        show_error(form, error)
        return _new_page(form, status)

    return run(form, lambda: endpoints.create_endpoint(
        db.session, current_user, form.endpoint_input(), allow_private=_allow_private()),
        success=lambda created: _secret_page(created.endpoint, created.secret, "registered"),
        refused=refused)


def _endpoint_page(endpoint_id: int, form: EndpointForm | None = None,
                   status: int = 200, error: str | None = None) -> tuple[str, int]:
    endpoint, page = listing.delivery_log(db.session, current_user, endpoint_id,
                                          requested_page())
    if form is None:
        form = EndpointForm(obj=endpoint)
        form.events.data = [kind.value for kind in endpoint.event_types]
    return render_template("webhooks/show.html", endpoint=endpoint, page=page, form=form,
                           action_form=EndpointActionForm(), enable_form=EnableForm(),
                           allow_private=_allow_private(), error=error), status


@bp.route("/webhooks/<int:endpoint_id>")
@requires(Permission.MANAGE_WEBHOOKS)
def show(endpoint_id: int) -> ResponseReturnValue:
    return _endpoint_page(endpoint_id)


@bp.route("/webhooks/<int:endpoint_id>", methods=["POST"])
@requires(Permission.MANAGE_WEBHOOKS)
def update(endpoint_id: int) -> ResponseReturnValue:
    form = EndpointForm()

    def refused(error: ServiceError | None, status: int) -> ResponseReturnValue:
        show_error(form, error)
        return _endpoint_page(endpoint_id, form, status)

    return run(form, lambda: endpoints.update_endpoint(
        db.session, current_user, endpoint_id, form.endpoint_input(),
        allow_private=_allow_private()),
        success=lambda _endpoint: done("Endpoint saved.",
                                       url_for("webhooks.show", endpoint_id=endpoint_id)),
        refused=refused)


def _refused_action(endpoint_id: int) -> Refusal:
    def refused(error: ServiceError | None, status: int) -> ResponseReturnValue:
        return _endpoint_page(endpoint_id, status=status,
                              error=error.message if error else
                              "The form expired; reload the page and try again.")
    return refused


@bp.route("/webhooks/<int:endpoint_id>/rotate", methods=["POST"])
@requires(Permission.MANAGE_WEBHOOKS)
def rotate(endpoint_id: int) -> ResponseReturnValue:
    def rotated(secret: str) -> ResponseReturnValue:
        endpoint = endpoints.get_endpoint(db.session, current_user, endpoint_id)
        return _secret_page(endpoint, secret, "rotated")

    return run(EndpointActionForm(),
               lambda: endpoints.rotate_secret(db.session, current_user, endpoint_id),
               success=rotated, refused=_refused_action(endpoint_id))


@bp.route("/webhooks/<int:endpoint_id>/enabled", methods=["POST"])
@requires(Permission.MANAGE_WEBHOOKS)
def switch(endpoint_id: int) -> ResponseReturnValue:
    form = EnableForm()
    return run(form, lambda: endpoints.set_enabled(db.session, current_user, endpoint_id,
                                                   form.enabled.data == "1"),
               success=lambda endpoint: done(
                   "Endpoint enabled." if endpoint.enabled else "Endpoint switched off.",
                   url_for("webhooks.show", endpoint_id=endpoint_id)),
               refused=_refused_action(endpoint_id))


@bp.route("/webhooks/<int:endpoint_id>/test", methods=["POST"])
@requires(Permission.MANAGE_WEBHOOKS)
def send_test(endpoint_id: int) -> ResponseReturnValue:
    return run(EndpointActionForm(),
               lambda: endpoints.send_test(db.session, current_user, endpoint_id),
               success=lambda _row: done(
                   "Test event queued: it is sent with the next deliveries (see the log below).",
                   url_for("webhooks.show", endpoint_id=endpoint_id)),
               refused=_refused_action(endpoint_id))


@bp.route("/webhooks/<int:endpoint_id>/delete", methods=["POST"])
@requires(Permission.MANAGE_WEBHOOKS)
def delete(endpoint_id: int) -> ResponseReturnValue:
    return run(EndpointActionForm(),
               lambda: endpoints.delete_endpoint(db.session, current_user, endpoint_id),
               success=lambda _none: done("Endpoint deleted, with its delivery log.",
                                          url_for("webhooks.index")),
               refused=_refused_action(endpoint_id))
