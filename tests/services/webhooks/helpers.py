"""Endpoints for webhook service tests, registered through the service."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from factcheck.domain.webhooks import SUBSCRIBABLE, EventType
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.webhooks import endpoints
from tests.support.articles import acting


def register(session: Any, user: Any, url: str = "http://127.0.0.1:9/hook",
             events: tuple[EventType, ...] = SUBSCRIBABLE, enabled: bool = True,
             ) -> WebhookEndpoint:
    created = endpoints.create_endpoint(
        session, acting(session, user),
        endpoints.EndpointInput(url=url, description="test", events=events, enabled=enabled),
        allow_private=True)
    session.commit()
    return created.endpoint


def deliveries(session: Any, endpoint: WebhookEndpoint | None = None) -> list[WebhookDelivery]:
    session.expire_all()
    query = sa.select(WebhookDelivery).order_by(WebhookDelivery.id)
    if endpoint is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint.id)
    return list(session.scalars(query))


def data_of(delivery: WebhookDelivery) -> dict[str, Any]:
    body = json.loads(delivery.payload)
    assert body["type"] == delivery.event_type.value and body["id"] == delivery.event_id
    return dict(body["data"])
