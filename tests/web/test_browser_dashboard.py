"""The dashboard in a real browser: open it, filter by outlet, follow a
number to the claims behind it. Screenshots land in test-artifacts/."""

from __future__ import annotations

import re

import pytest

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.extensions import db
from tests.support.browser import screenshot
from tests.support.desk import Desk

pytestmark = pytest.mark.browser

OUTLET = "Browser Test Chronicle"


@pytest.fixture
def desk_data(live_server):
    """Two articles on the live server's database: one from OUTLET with
    two disputed claims, one elsewhere with one disputed claim."""
    with live_server.app.app_context():
        desk = Desk(db.session)
        _, ours = desk.article(outlet=OUTLET, claims=3)
        _, theirs = desk.article(outlet="Another Browser Daily", claims=2)
        for claim in (*ours[:2], theirs[0]):
            desk.set(claim, status=ClaimStatus.DISPUTED, age_days=3)
        desk.set(ours[2], status=ClaimStatus.PUBLISHED, age_days=10)
        desk.verdict(ours[2], TruthRating.MISLEADING)
        texts = [claim.text for claim in ours[:2]]
        db.session.commit()
        db.session.remove()
    return texts


def test_filter_the_dashboard_and_open_the_claims_behind_a_number(page, browser_login,
                                                                   desk_data):
    browser_login("editor@live.example")
    page.goto("/dashboard")
    assert page.get_by_role("heading", name="Verification dashboard").is_visible()
    assert page.locator("svg.chart-svg").count() >= 5
    screenshot(page, "dashboard")

    page.get_by_label("Outlet", exact=True).select_option(OUTLET)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"outlet=Browser"))
    disputed = page.locator("#progress table").first.get_by_role("row", name=re.compile(
        "Disputed")).get_by_role("link")
    assert disputed.inner_text() == "2"
    disputed.click()

    page.wait_for_url(re.compile(r"/claims\?.*status=disputed"))
    assert page.locator("#claim-total").inner_text() == "2"
    rows = page.locator("table.claim-list tbody tr")
    assert rows.count() == 2
    listed = rows.all_inner_texts()
    for text in desk_data:
        assert any(text in row for row in listed)
    assert page.get_by_label("Outlet", exact=True).input_value() == OUTLET
    screenshot(page, "claims-behind-a-number")
