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


@pytest.fixture
def wide_desk(live_server):
    """Enough outlets, ratings and weeks that the outlet × rating table is
    wider than a laptop screen."""
    with live_server.app.app_context():
        desk = Desk(db.session)
        ratings = list(TruthRating)
        for number in range(8):
            _, made = desk.article(outlet=f"The Longer Named Regional Evening Courier {number}",
                                   claims=len(ratings))
            for age, (claim, rating) in enumerate(zip(made, ratings, strict=True)):
                desk.set(claim, status=ClaimStatus.PUBLISHED, age_days=age * 9)
                desk.verdict(claim, rating)
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("width", [1280, 1920])
def test_the_dashboard_fits_the_screen(page, browser_login, wide_desk, width):
    page.set_viewport_size({"width": width, "height": 1000})
    browser_login("editor@live.example")
    page.goto("/dashboard")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    screenshot(page, f"dashboard-{width}")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    # Each chart sits beside its table, not above it.
    for pair in page.locator(".chart-with-table").all():
        chart = pair.locator("figure.chart").bounding_box()
        table = pair.locator("table").first.bounding_box()
        assert chart and table and table["x"] >= chart["x"] + chart["width"] - 1, pair.inner_text()
    # A table wider than its card scrolls inside the card.
    for card in page.locator(".dash-section").all():
        box = card.bounding_box()
        assert box and box["x"] + box["width"] <= width
