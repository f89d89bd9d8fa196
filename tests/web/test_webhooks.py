"""The editors' webhooks pages: registering (the secret shown once), bad
addresses refused on the form with nothing saved, the test-event button,
rotate, switch off and on, delete, the reason an endpoint was switched
off, and list and log pages whose SQL does not grow with their rows."""

from __future__ import annotations

import html as html_lib
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from factcheck.domain.webhooks import EventType
from factcheck.models.audit import AuditEvent
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.webhooks.events import record_event
from tests.services.webhooks.helpers import register
from tests.support.config import change_settings
from tests.support.querycount import statements_for

ALL_EVENTS = [kind.value for kind in EventType if kind is not EventType.PING]


def _text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def _endpoints(session) -> list[WebhookEndpoint]:
    session.expire_all()
    return list(session.scalars(sa.select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


@pytest.fixture
def private_allowed(app):
    change_settings(app.config, webhooks_allow_private=True)
    yield
    change_settings(app.config, webhooks_allow_private=False)


def test_an_editor_registers_an_endpoint_and_sees_its_secret_once(client, login, session,
                                                                  editor, private_allowed):
    login(editor)
    response = client.post("/webhooks/new", data={
        "url": "http://127.0.0.1:8099/hooks", "description": "Our CMS",
        "events": ["verdict.published", "correction.published"], "enabled": "y"})
    assert response.status_code == 200
    (endpoint,) = _endpoints(session)
    page = _text(response)
    assert endpoint.secret in page and "shown only this once" in page
    assert endpoint.events == "verdict.published correction.published"
    shown = _text(client.get(f"/webhooks/{endpoint.id}"))
    assert endpoint.url in shown and endpoint.secret not in shown
    assert endpoint.secret not in _text(client.get("/webhooks"))


@pytest.mark.parametrize(("url", "error"), [
    ("not an address", "The address must start with https:// and name a host."),
    ("http://93.184.216.34/hooks", "the address must use https://"),
    ("https://127.0.0.1/hooks", "points to a private or local address (loopback)"),
    ("https://[fe80::1]/hooks", "points to a private or local address (link-local)"),
])
def test_bad_addresses_are_form_errors_and_nothing_is_saved(client, login, session, editor,
                                                            url, error):
    login(editor)
    response = client.post("/webhooks/new", data={"url": url, "events": ALL_EVENTS,
                                                  "description": "kept"})
    assert response.status_code == 400
    page = _text(response)
    assert error in page
    assert 'value="' + url + '"' in page and "kept" in page  # nothing typed is lost
    assert _endpoints(session) == []


def test_an_endpoint_needs_an_event_and_a_known_one(client, login, session, editor):
    login(editor)
    none = client.post("/webhooks/new", data={"url": "https://93.184.216.34/h"})
    assert none.status_code == 400 and "Choose at least one event" in _text(none)
    unknown = client.post("/webhooks/new", data={"url": "https://93.184.216.34/h",
                                                 "events": ["ping"]})
    assert unknown.status_code == 400 and "not a valid choice" in _text(unknown)
    assert _endpoints(session) == []


def test_send_test_event_queues_a_ping_shown_in_the_log(client, login, session, editor):
    endpoint = register(session, editor)
    login(editor)
    response = client.post(f"/webhooks/{endpoint.id}/test")
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "Test event queued" in page and "Test event" in page and "Pending" in page
    (row,) = session.scalars(sa.select(WebhookDelivery)).all()
    assert row.event_type is EventType.PING


def test_rotate_switch_off_on_and_delete(client, login, session, editor):
    endpoint = register(session, editor)
    old, endpoint_id = endpoint.secret, endpoint.id
    login(editor)
    rotated = client.post(f"/webhooks/{endpoint_id}/rotate")
    assert rotated.status_code == 200
    (fresh,) = _endpoints(session)
    assert fresh.secret != old and fresh.secret in _text(rotated)

    off = client.post(f"/webhooks/{endpoint.id}/enabled", data={"enabled": "0"})
    assert off.status_code == 302 and not _endpoints(session)[0].enabled
    refused = client.post(f"/webhooks/{endpoint.id}/test")
    assert refused.status_code == 400 and "enable it before" in _text(refused)
    on = client.post(f"/webhooks/{endpoint.id}/enabled", data={"enabled": "1"})
    assert on.status_code == 302 and _endpoints(session)[0].enabled

    gone = client.post(f"/webhooks/{endpoint_id}/delete")
    assert gone.status_code == 302 and _endpoints(session) == []
    actions = session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity_type == "webhook_endpoint").order_by(AuditEvent.seq)).all()
    assert actions == ["webhook_endpoint_created", "webhook_secret_rotated",
                       "webhook_endpoint_updated", "webhook_endpoint_updated",
                       "webhook_endpoint_deleted"]
    assert client.get(f"/webhooks/{endpoint_id}").status_code == 404


def test_editing_keeps_the_rules_and_the_typed_values(client, login, session, editor):
    endpoint = register(session, editor)
    login(editor)
    response = client.post(f"/webhooks/{endpoint.id}", data={
        "url": "https://10.0.0.5/hook", "events": ["claim.disputed"], "description": "New"})
    assert response.status_code == 400
    assert "private or local address (private)" in _text(response)
    assert _endpoints(session)[0].url == endpoint.url


def test_editors_see_why_an_endpoint_was_switched_off(client, login, session, editor):
    endpoint = register(session, editor)
    endpoint.enabled = False
    endpoint.disabled_reason = ("Disabled automatically on 2026-12-01 09:00 UTC: 5 deliveries "
                                "in a row failed every retry. Last error: HTTP 500")
    session.commit()
    login(editor)
    assert endpoint.disabled_reason in _text(client.get("/webhooks"))
    assert endpoint.disabled_reason in _text(client.get(f"/webhooks/{endpoint.id}"))


def _deliveries(session, endpoint, count):
    session.refresh(endpoint)
    for _ in range(count):
        record_event(session, EventType.PING, {}, now=datetime.now(UTC), endpoints=[endpoint])
    session.commit()


def test_the_log_pages_by_25_with_a_count_and_fixed_sql(app, client, login, session, editor):
    endpoint = register(session, editor)
    login(editor)
    _deliveries(session, endpoint, 3)
    few = statements_for(app, client, f"/webhooks/{endpoint.id}")
    _deliveries(session, endpoint, 57)
    many = statements_for(app, client, f"/webhooks/{endpoint.id}")
    assert few == many
    page = _text(client.get(f"/webhooks/{endpoint.id}?page=3"))
    assert "60 deliveries" in page and "Page 3 of 3" in page
    assert page.count('class="delivery delivery-pending"') == 10


def test_the_list_sql_does_not_grow_with_endpoints_or_deliveries(app, client, login, session,
                                                                 editor):
    login(editor)
    first = register(session, editor)
    _deliveries(session, first, 2)
    few = statements_for(app, client, "/webhooks")
    for _ in range(4):
        _deliveries(session, register(session, editor), 5)
    many = statements_for(app, client, "/webhooks")
    assert few == many
    page = _text(client.get("/webhooks"))
    assert page.count('class="delivery delivery-pending"') == 2 + 4 * 3  # latest 3 each
