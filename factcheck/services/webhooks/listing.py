"""What editors read on the webhooks pages: every endpoint with its latest
deliveries, and one endpoint's delivery log a page at a time. Each is a
fixed number of queries, however many endpoints or deliveries there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.domain.roles import Permission
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.pages import Page, page_number
from factcheck.services.core.session import DbSession
from factcheck.services.webhooks.endpoints import get_endpoint

LATEST = 3
LOG_PAGE = 25


@dataclass(frozen=True)
class EndpointRow:
    endpoint: WebhookEndpoint
    latest: Sequence[WebhookDelivery]  # newest first


def endpoints_page(session: DbSession, actor: Actor) -> list[EndpointRow]:
    """Every endpoint (there are few) with its ``LATEST`` deliveries: two
    queries, the second ranking deliveries per endpoint."""
    require(actor, Permission.MANAGE_WEBHOOKS)
    endpoints = session.scalars(sa.select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    if not endpoints:
        return []
    ranked = (sa.select(WebhookDelivery.id, sa.func.row_number().over(
        partition_by=WebhookDelivery.endpoint_id, order_by=WebhookDelivery.id.desc())
        .label("rank")).subquery())
    latest = session.scalars(
        sa.select(WebhookDelivery).join(ranked, ranked.c.id == WebhookDelivery.id)
        .where(ranked.c.rank <= LATEST).order_by(WebhookDelivery.id.desc())).all()
    by_endpoint: dict[int, list[WebhookDelivery]] = defaultdict(list)
    for row in latest:
        by_endpoint[row.endpoint_id].append(row)
    return [EndpointRow(endpoint, by_endpoint[endpoint.id]) for endpoint in endpoints]


def delivery_log(session: DbSession, actor: Actor, endpoint_id: int,
                 page: int = 1) -> tuple[WebhookEndpoint, Page[WebhookDelivery]]:
    """One endpoint's deliveries, newest first, counted (the log of one
    endpoint is small enough to count, and "page 3 of 40" helps)."""
    endpoint = get_endpoint(session, actor, endpoint_id)
    mine = WebhookDelivery.endpoint_id == endpoint.id
    total = session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)
                           .where(mine)) or 0
    number = page_number(page, -(-total // LOG_PAGE))
    rows = session.scalars(sa.select(WebhookDelivery).where(mine)
                           .order_by(WebhookDelivery.id.desc())
                           .offset((number - 1) * LOG_PAGE).limit(LOG_PAGE)).all()
    return endpoint, Page(rows, number, number * LOG_PAGE < total, total=total,
                          per_page=LOG_PAGE)
