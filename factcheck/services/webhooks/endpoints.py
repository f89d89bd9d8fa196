"""Editors' webhook endpoints: register, edit, delete, rotate the secret,
switch on and off, send a test event. Every change is audited (never the
secret). Addresses follow the article fetcher's rules: https to public
addresses only, unless the installation allows private ones (tests, the
demo, a receiver on the same machine), which also allows plain http."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.bounds import id_in_range
from factcheck.domain.roles import Permission
from factcheck.domain.webhooks import SUBSCRIBABLE, EventType, new_secret
from factcheck.models.types import utcnow
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.fetch import checked_address
from factcheck.services.webhooks.events import record_event

ENTITY = "webhook_endpoint"
MAX_URL = 2048
MAX_DESCRIPTION = 500


@dataclass(frozen=True)
class EndpointInput:
    url: str
    description: str
    events: Sequence[EventType]
    enabled: bool = True


@dataclass(frozen=True)
class Created:
    endpoint: WebhookEndpoint
    secret: str  # shown once, now


def endpoint_address(url: str, allow_private: bool) -> str:
    """The address as stored, or ValidationFailed saying what is wrong."""
    url = url.strip()
    if not url:
        raise ValidationFailed("Give the address events are sent to.")
    if len(url) > MAX_URL:
        raise ValidationFailed(f"The address is longer than {MAX_URL} characters.")
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise ValidationFailed("That is not a valid web address.") from error
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationFailed("The address must start with https:// and name a host.")
    if parts.scheme == "http" and not allow_private:
        raise ValidationFailed("Events are signed but not encrypted by us: the address must "
                               "use https://.")
    if parts.fragment:
        raise ValidationFailed("An endpoint address has no #fragment.")
    # The same check runs again at every delivery, where it counts (DNS can
    # change); here it tells the editor at once.
    try:
        checked_address(url, allow_private)
    except ValidationFailed as error:
        raise ValidationFailed(f"Events cannot be sent there: {error.message}") from error
    return url


def _clean(data: EndpointInput, allow_private: bool) -> tuple[str, str, str]:
    url = endpoint_address(data.url, allow_private)
    description = data.description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise ValidationFailed(f"The description is longer than {MAX_DESCRIPTION} characters.")
    events = [kind for kind in SUBSCRIBABLE if kind in data.events]
    if not events:
        raise ValidationFailed("Choose at least one event to send.")
    return url, description, " ".join(kind.value for kind in events)


def get_endpoint(session: DbSession, actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    require(actor, Permission.MANAGE_WEBHOOKS)
    endpoint = session.get(WebhookEndpoint, endpoint_id) if id_in_range(endpoint_id) \
        else None
    if endpoint is None:
        raise NotFound("No such webhook endpoint.")
    return endpoint


def create_endpoint(session: DbSession, actor: Actor, data: EndpointInput, *,
                    allow_private: bool) -> Created:
    require(actor, Permission.MANAGE_WEBHOOKS)
    url, description, events = _clean(data, allow_private)
    secret = new_secret()
    endpoint = WebhookEndpoint(url=url, description=description, events=events,
                               enabled=data.enabled, secret=secret,
                               created_by_id=getattr(actor, "id", None))
    session.add(endpoint)
    session.flush()
    audit.record(session, actor, AuditAction.WEBHOOK_ENDPOINT_CREATED, ENTITY, endpoint.id,
                 after=endpoint.audit_snapshot())
    return Created(endpoint, secret)


def update_endpoint(session: DbSession, actor: Actor, endpoint_id: int, data: EndpointInput,
                    *, allow_private: bool) -> WebhookEndpoint:
    endpoint = get_endpoint(session, actor, endpoint_id)
    url, description, events = _clean(data, allow_private)
    before = endpoint.audit_snapshot()
    endpoint.url, endpoint.description, endpoint.events = url, description, events
    _switch(endpoint, data.enabled)
    endpoint.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, AuditAction.WEBHOOK_ENDPOINT_UPDATED, ENTITY, endpoint.id,
                 before=before, after=endpoint.audit_snapshot())
    return endpoint


def _switch(endpoint: WebhookEndpoint, enabled: bool) -> None:
    """Switching on starts afresh: the failure count and the reason it
    was switched off go."""
    if enabled and not endpoint.enabled:
        endpoint.failures_in_a_row = 0
        endpoint.disabled_reason = None
        endpoint.disabled_at = None
    endpoint.enabled = enabled


def set_enabled(session: DbSession, actor: Actor, endpoint_id: int,
                enabled: bool) -> WebhookEndpoint:
    endpoint = get_endpoint(session, actor, endpoint_id)
    before = endpoint.audit_snapshot()
    _switch(endpoint, enabled)
    endpoint.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, AuditAction.WEBHOOK_ENDPOINT_UPDATED, ENTITY, endpoint.id,
                 before=before, after=endpoint.audit_snapshot())
    return endpoint


def delete_endpoint(session: DbSession, actor: Actor, endpoint_id: int) -> None:
    """The endpoint and its delivery log go; the audit trail keeps both the
    endpoint as it was and how many deliveries it had."""
    endpoint = get_endpoint(session, actor, endpoint_id)
    deliveries = session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)
                                .where(WebhookDelivery.endpoint_id == endpoint.id))
    before = {**endpoint.audit_snapshot(), "deliveries": deliveries}
    session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
                    .execution_options(synchronize_session=False))
    session.delete(endpoint)
    session.flush()
    audit.record(session, actor, AuditAction.WEBHOOK_ENDPOINT_DELETED, ENTITY, endpoint_id,
                 before=before)


def rotate_secret(session: DbSession, actor: Actor, endpoint_id: int) -> str:
    """A new secret at once: deliveries from now on (retries included) are
    signed with it, so the receiver must be given it straight away."""
    endpoint = get_endpoint(session, actor, endpoint_id)
    endpoint.secret = new_secret()
    endpoint.secret_rotated_at = endpoint.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, AuditAction.WEBHOOK_SECRET_ROTATED, ENTITY, endpoint.id,
                 after={"secret_rotated_at": endpoint.secret_rotated_at.isoformat()})
    return endpoint.secret


def send_test(session: DbSession, actor: Actor, endpoint_id: int,
              now: datetime | None = None) -> WebhookDelivery:
    """Queue a ``ping`` to this endpoint alone; a worker sends it."""
    endpoint = get_endpoint(session, actor, endpoint_id)
    if not endpoint.enabled:
        raise ValidationFailed("This endpoint is switched off: enable it before sending a "
                               "test event.")
    [row] = record_event(session, EventType.PING,
                         {"message": "A test event from factcheck.",
                          "endpoint_id": endpoint.id}, now=now, endpoints=[endpoint])
    audit.record(session, actor, AuditAction.WEBHOOK_TEST_QUEUED, ENTITY, endpoint.id,
                 after={"event_id": row.event_id})
    return row
