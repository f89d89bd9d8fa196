"""Webhooks in a real browser: an editor finds the page in the navigation,
registers an endpoint (a private address is refused on the form first),
copies the secret from the page that shows it once, queues a test event and
sees it waiting in the endpoint's delivery log; no page on the way has a
WCAG violation."""

from __future__ import annotations

import pytest

from tests.support.accessibility import violations
from tests.support.browser import screenshot

pytestmark = pytest.mark.browser

# A public address written as a literal: registering it needs no DNS.
PUBLIC = "https://93.184.216.34/hooks/factcheck"


def test_an_editor_registers_an_endpoint_and_queues_a_test_event(page, browser_login):
    browser_login("editor@live.example")
    page.get_by_role("link", name="Webhooks").click()
    assert violations(page) == []
    page.get_by_role("link", name="Register an endpoint").click()

    page.get_by_label("Address (URL)").fill("https://127.0.0.1/hooks")
    page.get_by_label("Description").fill("Browser test CMS")
    page.get_by_label("Claim disputed").uncheck()
    page.get_by_role("button", name="Register").click()
    assert page.get_by_text("private or local address (loopback)", exact=False).is_visible()
    assert page.get_by_label("Description").input_value() == "Browser test CMS"
    assert not page.get_by_label("Claim disputed").is_checked()
    assert violations(page) == []

    page.get_by_label("Address (URL)").fill(PUBLIC)
    page.get_by_role("button", name="Register").click()
    secret = page.get_by_label("Signing secret").input_value()
    assert secret.startswith("whsec_") and len(secret) > 40
    assert violations(page) == []
    page.get_by_role("link", name="I have copied it").click()

    assert page.get_by_text(secret).count() == 0  # shown once
    page.get_by_role("button", name="Send test event").click()
    page.wait_for_selector("text=Test event queued")
    log = page.locator("table.deliveries")
    assert log.get_by_text("Test event").is_visible() and log.get_by_text("Pending").is_visible()
    assert violations(page) == []
    screenshot(page, "webhook-endpoint")
