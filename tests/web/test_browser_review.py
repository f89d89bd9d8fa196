"""The whole review loop in a real browser: two blind reviews by keyboard,
a dispute, the editor's decision, the published verdict in the article."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.extensions import db
from factcheck.models.user import User
from tests.support.browser import screenshot
from tests.support.workflow import claim_with, story_claims

pytestmark = pytest.mark.browser


@pytest.fixture
def live_claim(live_server):
    with live_server.app.app_context():
        editor = db.session.scalar(sa.select(User).where(User.email == "editor@live.example"))
        claims = story_claims(db.session, editor)
        claim = claim_with(claims, "140 crew")
        return {"id": claim.id, "article_id": claim.article_id}


def _review_by_keyboard(page, claim_id, truth_key, rationale):
    page.goto(f"/claims/{claim_id}/review")
    page.keyboard.press(truth_key)
    page.keyboard.press("a")
    page.keyboard.press("r")
    page.keyboard.type(rationale)
    page.keyboard.press("Escape")
    page.keyboard.press("e")  # add an evidence row; what was typed survives
    page.wait_for_selector('input[name="evidence-1-url"]')
    assert page.locator("#rationale").input_value() == rationale
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=Review submitted.")


def test_review_loop(page, browser_login, live_claim):
    claim_id = live_claim["id"]
    browser_login("checker@live.example")
    page.goto(f"/claims/{claim_id}/review")
    page.keyboard.press("?")
    assert page.locator("#shortcut-help").is_visible()
    screenshot(page, "review-shortcuts")
    page.keyboard.press("Escape")
    assert not page.locator("#shortcut-help").is_visible()
    _review_by_keyboard(page, claim_id, "1", "Union statement confirms 140 crew.")
    assert page.locator(".review-card").count() == 1
    screenshot(page, "review-submitted")
    page.get_by_role("button", name="Sign out").click()

    browser_login("checker2@live.example")
    page.goto(f"/claims/{claim_id}/review")
    assert "Union statement confirms" not in page.content()  # blind
    assert page.get_by_text("1 other review(s) hidden").is_visible()
    _review_by_keyboard(page, claim_id, "4", "Operator says 90 crew; union figure is high.")
    assert page.get_by_text("Union statement confirms 140 crew.").is_visible()  # now visible
    page.get_by_role("button", name="Sign out").click()

    browser_login("editor@live.example")
    page.goto("/notifications")
    assert page.get_by_text("Reviewers disagree: The union said 140 crew").first.is_visible()
    screenshot(page, "editor-notifications")
    page.goto("/queues")  # an editor lands where a decision is waiting
    assert page.locator('.tabs a[aria-current="page"]').inner_text().startswith("Disputed")
    screenshot(page, "editor-queue-landing")
    page.get_by_role("link", name="140 crew", exact=False).first.click()
    screenshot(page, "editor-decision")
    page.locator("#decision-heading").scroll_into_view_if_needed()
    page.locator('.decision input[name="rating"][value="half_true"]').check()
    page.locator('.decision textarea[name="public_rationale"]').fill(
        "The union counts 140 crew; the operator 90. Both agree shifts will be cut.")
    page.get_by_role("button", name="Approve verdict").click()
    page.wait_for_selector("text=Verdict approved.")
    page.get_by_role("button", name="Publish verdict").click()
    page.wait_for_selector("text=Verdict published.")

    page.goto(f"/articles/{live_claim['article_id']}?claim={claim_id}")
    highlighted = page.locator(f"#claim-{claim_id}")
    assert "rating-half_true" in (highlighted.get_attribute("class") or "")
    assert page.locator(".claim-detail").get_by_text("Half true").first.is_visible()
    screenshot(page, "article-with-verdict")

    # The claim's history reads as sentences, names and ratings, no JSON.
    page.goto(f"/claims/{claim_id}/history")
    entries = page.locator(".history-entry").all_inner_texts()
    assert any(text.startswith("Live Checker rated it True") for text in entries)
    assert any(text.startswith("Live Editor published the verdict Half true") for text in entries)
    screenshot(page, "claim-history")
