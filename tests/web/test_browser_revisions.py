"""The stale-verdict flow in a real browser: an editor pastes a revised
article whose new words change a claim with a published verdict, finds it
in the stale queue from the navigation, sees the notice on the report, and
confirms the verdict with a note, after which the notice is gone."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.ratings import TruthRating
from factcheck.extensions import db
from factcheck.models.user import User
from tests.support.articles import save_article
from tests.support.browser import screenshot
from tests.support.verdicts import publish

pytestmark = pytest.mark.browser

FERRY = ("Ferry crossings resume after storm\n\n"
         "HARWICH (AP) - The ferry line resumed crossings on Monday after a three-day storm, "
         "its owner said.\n\n"
         "The closure cost the line about $2 million a day, the RMT union said, citing "
         "company figures.\n\n"
         "More than 30 lorries queued at the terminal. Drivers said the delay would take "
         "two days to clear.")
COST = "The closure cost the line about $2 million a day"


@pytest.fixture
def live_article(live_server):
    with live_server.app.app_context():
        editor = db.session.scalar(sa.select(User).where(User.email == "editor@live.example"))
        article = save_article(db.session, editor, FERRY).article
        claim = next(c for c in article.claims if COST in c.text)
        publish(db.session, claim, editor.id, TruthRating.FALSE,
                rationale="Company accounts show a far smaller loss.")
        return {"article_id": article.id, "claim_id": claim.id}


def test_a_revised_article_makes_the_verdict_stale_until_an_editor_confirms_it(
        page, browser_login, live_article):
    article_id, claim_id = live_article["article_id"], live_article["claim_id"]
    browser_login("editor@live.example")
    page.goto(f"/articles/{article_id}/revisions")
    page.get_by_role("textbox", name="New text").fill(FERRY.replace("$2 million", "$5 million"))
    page.get_by_role("button", name="Save new text").click()
    page.wait_for_selector("text=1 verdicts to check again")

    page.goto(f"/articles/{article_id}/report")
    assert page.get_by_text("The article changed on", exact=False).first.is_visible()

    page.get_by_role("link", name="Stale verdicts").click()
    card = page.locator("article.stale-claim", has_text=f"Claim #{claim_id}")
    assert card.locator("del", has_text="$2 million").is_visible()
    assert card.locator("ins", has_text="$5 million").is_visible()
    assert card.get_by_text("RMT union › company figures").is_visible()  # a chain, not JSON
    screenshot(page, "stale-queue")
    card.get_by_label("Why the verdict still holds").fill(
        "The line now gives $5 million; company accounts still show far less.")
    card.get_by_role("button", name="Verdict still holds").click()
    page.wait_for_selector("text=Confirmed: the verdict still holds.")
    assert page.get_by_text(f"Claim #{claim_id}").count() == 0

    page.goto(f"/articles/{article_id}/report")
    assert page.get_by_text("The article changed on", exact=False).count() == 0
    assert page.get_by_text("company accounts still show far less", exact=False).first \
        .is_visible()
    screenshot(page, "stale-confirmed-report")
