"""The verdict report and the exports page in a real browser."""

from __future__ import annotations

import sys

import pytest
import sqlalchemy as sa

from factcheck.extensions import db
from factcheck.models.user import User
from tests.support.browser import screenshot
from tests.support.verdicts import published_claim

pytestmark = pytest.mark.browser


def test_editor_opens_the_report_and_the_exports_page(page, browser_login, live_server):
    with live_server.app.app_context():
        editor_id = db.session.scalar(sa.select(User.id).where(User.email == "editor@live.example"))
        claim = published_claim(db.session, editor_id, "Cargo through the port fell by half",
                                title="Grève à Marseille: the port reopens")
        article_id = claim.article_id
    browser_login("editor@live.example")
    page.goto(f"/articles/{article_id}")
    page.get_by_role("link", name="verdict report").click()
    page.wait_for_url(f"**/articles/{article_id}/report")
    assert page.get_by_role("heading", name="Grève à Marseille: the port reopens").is_visible()
    assert page.get_by_text("Port records show the opposite.").is_visible()
    screenshot(page, "verdict-report")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Exports").click()
    assert page.get_by_label("Format", exact=True).is_visible()
    screenshot(page, "exports")


def test_without_the_pdf_extra_the_report_says_how_to_enable_it(page, browser_login,
                                                                 live_server, monkeypatch):
    with live_server.app.app_context():
        editor_id = db.session.scalar(sa.select(User.id).where(User.email == "editor@live.example"))
        claim = published_claim(db.session, editor_id, "Dock workers voted to end the strike",
                                title="Port strike ends after vote")
        article_id = claim.article_id
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the server has no PDF extra
    browser_login("editor@live.example")
    page.goto(f"/articles/{article_id}/report")
    assert page.get_by_role("button", name="Download PDF").count() == 0
    assert "pip install 'factcheck[pdf]'" in page.locator("#pdf-unavailable").inner_text()
    screenshot(page, "verdict-report-without-pdf")
