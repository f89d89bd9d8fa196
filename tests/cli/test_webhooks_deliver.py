"""``factcheck webhooks deliver``: sends what is due to a real receiver on
127.0.0.1 and says how each went; a second run finds nothing due; the
loop mode waits (through the replaced sleeper) when nothing is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from factcheck.cli import webhooks as webhooks_cli
from factcheck.domain.webhooks import EventType
from factcheck.services.webhooks.events import record_event
from tests.services.webhooks.helpers import deliveries, register
from tests.support.config import change_settings
from tests.support.webhook_receiver import receiving


@pytest.fixture
def receiver(app):
    change_settings(app.config, webhooks_allow_private=True)
    with receiving() as running:
        yield running
    change_settings(app.config, webhooks_allow_private=False)


def _events(session, endpoint, count, now):
    session.refresh(endpoint)
    for _ in range(count):
        record_event(session, EventType.VERDICT_PUBLISHED, {"n": 1}, now=now,
                     endpoints=[endpoint])
    session.commit()


def test_deliver_sends_what_is_due_and_reports_each(runner, session, editor, receiver,
                                                    monkeypatch):
    now = datetime.now(UTC)
    monkeypatch.setattr(webhooks_cli, "NOW", lambda: now)
    good = register(session, editor, receiver.url("/ok"))
    bad = register(session, editor, receiver.url("/fail"))
    _events(session, good, 2, now)
    _events(session, bad, 1, now)
    _events(session, good, 1, now + timedelta(minutes=10))  # not due yet

    result = runner.invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert sum(": delivered (HTTP 200)" in line for line in lines) == 2
    assert any(": retry (HTTP 500): HTTP 500: database is on fire; next attempt" in line
               for line in lines)
    assert lines[-1] == "2 delivered, 1 retry"
    assert len(receiver.at("/ok")) == 2

    again = runner.invoke(args=["webhooks", "deliver"])
    assert again.output.strip() == "nothing due"
    assert [row.status.value for row in deliveries(session, good)] == \
        ["delivered", "delivered", "pending"]


def test_loop_waits_when_nothing_is_due(runner, session, editor, receiver, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(webhooks_cli, "SLEEP", waits.append)
    endpoint = register(session, editor, receiver.url("/ok"))
    _events(session, endpoint, 1, datetime.now(UTC))
    result = runner.invoke(args=["webhooks", "deliver", "--loop", "--idle", "3",
                                 "--rounds", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.count("delivered") == 1 and waits == [3.0, 3.0]
