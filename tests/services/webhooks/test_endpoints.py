"""Registering endpoints: the address rules (https, public addresses, unless
the installation allows private ones), the secret shown once and rotated,
test events, deletion; each audited, never with the secret."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from factcheck.domain.webhooks import EventType, secret_bytes
from factcheck.models.audit import AuditEvent
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.core.errors import NotFound, PermissionDenied, ValidationFailed
from factcheck.services.webhooks import endpoints
from factcheck.services.webhooks.endpoints import EndpointInput
from tests.services.webhooks.helpers import data_of, deliveries, register
from tests.support.articles import acting

# A public address written as a literal, so no DNS is needed.
PUBLIC = "https://93.184.216.34/hooks/factcheck"


def _create(session, user, url, events=(EventType.VERDICT_PUBLISHED,), allow_private=False):
    return endpoints.create_endpoint(session, acting(session, user),
                                     EndpointInput(url=url, description=" CMS ", events=events),
                                     allow_private=allow_private)


@pytest.mark.parametrize(("url", "message"), [
    ("", "Give the address"),
    ("not a url", "must start with https://"),
    ("ftp://93.184.216.34/x", "must start with https://"),
    ("http://93.184.216.34/x", "must use https://"),
    ("https://127.0.0.1/hook", "private or local address (loopback)"),
    ("https://10.1.2.3/hook", "private or local address (private)"),
    ("https://[::1]/hook", "private or local address"),
    ("https://169.254.169.254/latest/meta-data", "link-local"),
    ("https://user:pw@93.184.216.34/x", "user name or password"),
    ("https://93.184.216.34/x#part", "no #fragment"),
    ("https://93.184.216.34:99999/x", "not a valid web address"),
    ("https://" + "a" * 2050 + ".example/", "longer than 2048"),
])
def test_bad_addresses_are_refused_with_a_reason_and_nothing_saved(session, editor, url,
                                                                   message):
    with pytest.raises(ValidationFailed, match=re.escape(message)):
        _create(session, editor, url)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(WebhookEndpoint)) == 0


def test_no_events_is_refused(session, editor):
    with pytest.raises(ValidationFailed, match="at least one event"):
        _create(session, editor, PUBLIC, events=())


def test_loopback_and_http_pass_only_when_private_addresses_are_allowed(session, editor):
    created = _create(session, editor, "http://127.0.0.1:8080/hook", allow_private=True)
    assert created.endpoint.url == "http://127.0.0.1:8080/hook"


def test_a_new_endpoint_gets_a_secret_once_and_the_audit_never_sees_it(session, editor):
    created = _create(session, editor, PUBLIC)
    session.commit()
    assert len(secret_bytes(created.secret)) >= 24
    assert created.endpoint.description == "CMS"
    assert created.endpoint.event_types == [EventType.VERDICT_PUBLISHED]
    rotated = endpoints.rotate_secret(session, acting(session, editor), created.endpoint.id)
    session.commit()
    assert rotated != created.secret
    events = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.entity_type == "webhook_endpoint").order_by(AuditEvent.seq)).all()
    assert [e.action for e in events] == ["webhook_endpoint_created", "webhook_secret_rotated"]
    for event in events:
        for secret in (created.secret, rotated):
            assert secret.removeprefix("whsec_") not in (event.after or "")


def test_editing_switching_off_and_on_again_starts_afresh(session, editor):
    endpoint = _create(session, editor, PUBLIC).endpoint
    endpoint.enabled, endpoint.failures_in_a_row = False, 5
    endpoint.disabled_reason = "Disabled automatically: 5 deliveries in a row failed."
    session.commit()
    endpoints.update_endpoint(session, acting(session, editor), endpoint.id, EndpointInput(
        url=PUBLIC + "/v2", description="CMS v2",
        events=(EventType.CLAIM_DISPUTED, EventType.VERDICT_PUBLISHED), enabled=True),
        allow_private=False)
    session.commit()
    session.refresh(endpoint)
    assert endpoint.enabled and endpoint.failures_in_a_row == 0
    assert endpoint.disabled_reason is None and endpoint.url.endswith("/v2")
    # Stored in the order events are listed, whatever the order chosen.
    assert endpoint.events == "verdict.published claim.disputed"


def test_a_test_event_is_a_ping_to_that_endpoint_alone(session, editor):
    endpoint = register(session, editor)
    other = register(session, editor)
    row = endpoints.send_test(session, acting(session, editor), endpoint.id)
    session.commit()
    (stored,) = deliveries(session)
    assert stored.id == row.id and stored.endpoint_id == endpoint.id != other.id
    assert stored.event_type is EventType.PING and data_of(stored)["endpoint_id"] == endpoint.id
    endpoints.set_enabled(session, acting(session, editor), endpoint.id, False)
    with pytest.raises(ValidationFailed, match="enable it"):
        endpoints.send_test(session, acting(session, editor), endpoint.id)


def test_deleting_an_endpoint_takes_its_log_and_is_audited_with_the_count(session, editor):
    endpoint = register(session, editor)
    endpoints.send_test(session, acting(session, editor), endpoint.id)
    session.commit()
    endpoints.delete_endpoint(session, acting(session, editor), endpoint.id)
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 0
    event = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "webhook_endpoint_deleted")).one()
    assert '"deliveries":1' in event.before.replace(" ", "")
    with pytest.raises(NotFound):
        endpoints.get_endpoint(session, acting(session, editor), endpoint.id)


def test_checkers_cannot_manage_endpoints_and_huge_ids_name_nothing(session, checker, editor,
                                                                     admin):
    with pytest.raises(PermissionDenied):
        _create(session, checker, PUBLIC)
    assert _create(session, admin, PUBLIC).endpoint.id
    with pytest.raises(NotFound):
        endpoints.get_endpoint(session, acting(session, editor), 2**40)
