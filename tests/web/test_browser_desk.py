"""A day at the desk in a real browser: a drag inside a claim makes a
sub-claim, a selection moves a claim's boundaries, the article is one tab
stop with arrow keys between claims, and nothing typed is lost (review
drafts across j/k, evidence rows added in place, a refused new claim)."""

from __future__ import annotations

import itertools
import re

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.extensions import db
from factcheck.models.claim import Claim
from factcheck.models.user import User
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft
from tests.support.browser import screenshot

pytestmark = pytest.mark.browser

STORY = """Harbour board delays dredging vote{suffix}

PORTHAVEN (Coastline Wire) - The harbour board postponed its vote on dredging the north \
channel until March, board secretary Ines Duarte said on Tuesday.

Duarte said the work would cost 4.2 million pounds, a figure the chief engineer, Tomas Reyes, \
called "far too low" in a memo seen by the Wire.

Fishing crews said the delay would keep larger trawlers out of the harbour for another season."""
_stories = itertools.count(1)


@pytest.fixture
def story(live_server) -> dict:
    """A fresh article of our own on the live server: its id and its
    claims' ids and texts in text order."""
    with live_server.app.app_context():
        editor = db.session.scalar(sa.select(User).where(User.email == "editor@live.example"))
        saved = articles.create_article(db.session, editor, Draft(
            text=STORY.format(suffix=f" ({next(_stories)})")))
        db.session.commit()
        claims = db.session.scalars(sa.select(Claim).where(
            Claim.article_id == saved.article.id, Claim.status != ClaimStatus.NOT_A_CLAIM)
            .order_by(Claim.start)).all()
        found = {"id": saved.article.id, "claims": [(c.id, c.text) for c in claims]}
        db.session.remove()
    assert len(found["claims"]) == 3
    return found


def _drag(page, words: str) -> None:
    """Select ``words`` in the article with the mouse: press before the
    first letter, drag past the last, release."""
    box = page.evaluate(
        """(words) => {
            const body = document.getElementById("article-body");
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            const text = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) text.push(node);
            const whole = text.map((node) => node.data).join("");
            const at = whole.indexOf(words);
            if (at < 0) throw new Error("not in the article: " + words);
            const locate = (offset) => {
                for (const node of text) {
                    if (offset <= node.data.length) return [node, offset];
                    offset -= node.data.length;
                }
            };
            const rect = (offset) => {
                const [node, inside] = locate(offset);
                const range = document.createRange();
                range.setStart(node, inside);
                range.setEnd(node, Math.min(inside + 1, node.data.length));
                return range.getClientRects()[0];
            };
            const first = rect(at);
            const last = rect(at + words.length - 1);
            return {x1: first.left + 1, y1: first.top + first.height / 2,
                    x2: last.right - 1, y2: last.top + last.height / 2};
        }""",
        words,
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=4)
    page.mouse.move(box["x2"], box["y2"], steps=4)
    page.mouse.up()


def test_a_drag_inside_a_claim_makes_a_nested_sub_claim(page, browser_login, story):
    browser_login("checker@live.example")
    page.goto(f"/articles/{story['id']}")
    outer_id, outer_text = story["claims"][1]
    _drag(page, "chief engineer, Tom")
    offer = page.locator("#selection-actions")
    offer.wait_for(state="visible")
    assert page.url.endswith(f"/articles/{story['id']}")  # the drag opened nothing
    assert page.evaluate("window.getSelection().toString()") == "chief engineer, Tom"
    screenshot(page, "select-to-claim-offer")

    offer.get_by_role("button", name="Make a claim of this").click()
    page.wait_for_selector("text=Claim added.")
    inner = page.locator(f"#claim-{outer_id} mark.claim.selected")
    assert inner.inner_text() == "chief engineer, Tomas"  # whole words
    assert page.locator(f"#claim-{outer_id}").inner_text() == outer_text  # still whole
    assert page.locator(".claim-detail blockquote").inner_text() == "chief engineer, Tomas"
    screenshot(page, "select-to-claim-nested")

    # A plain click on the outer claim's text opens the outer claim.
    page.locator(f"#claim-{outer_id}").get_by_text("4.2 million").click()
    page.wait_for_url(re.compile(rf"claim={outer_id}\b"))


def test_selecting_a_new_span_moves_the_claim_without_leading_punctuation(
        page, browser_login, story):
    browser_login("checker@live.example")
    claim_id, _ = story["claims"][1]
    page.goto(f"/articles/{story['id']}?claim={claim_id}")
    _drag(page, '" in a memo seen by')
    move = page.get_by_role("button", name="Make this the selected claim's text")
    move.wait_for(state="visible")
    move.click()
    page.wait_for_selector("text=Boundaries moved")
    assert f"/articles/{story['id']}?claim={claim_id}" in page.url  # still reading
    assert page.locator(f"#claim-{claim_id}").inner_text() == "in a memo seen by"
    screenshot(page, "select-to-move-boundaries")


def test_the_article_is_one_tab_stop_with_arrow_keys_between_claims(page, browser_login,
                                                                    story):
    browser_login("checker@live.example")
    page.goto(f"/articles/{story['id']}")
    tab_stops = page.evaluate("""() => Array.from(
        document.querySelectorAll('#article-body a[href], #article-body [tabindex]'))
        .filter((e) => e.tabIndex >= 0).length""")
    assert tab_stops == 0
    page.locator("#article-body").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second_id, _ = story["claims"][1]
    assert page.evaluate("document.activeElement.id") == f"claim-{second_id}"
    screenshot(page, "reading-keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"claim={second_id}\b"))
    # Tab from the article leaves it: the side panel is next, not claim after claim.
    page.locator("#article-body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.getElementById('article-body').contains(document.activeElement)") is False


def test_a_refused_new_claim_keeps_the_quote_and_kind(page, browser_login, story):
    browser_login("checker@live.example")
    page.goto(f"/articles/{story['id']}")
    _, existing = story["claims"][2]
    page.get_by_label("Exact text of the new claim").fill(existing)
    page.locator("#add-claim-form").get_by_label("Kind").select_option("opinion")
    page.get_by_role("button", name="Add claim").click()
    page.wait_for_selector("text=That text is already a claim")
    assert page.get_by_label("Exact text of the new claim").input_value() == existing
    assert page.locator("#add-claim-form").get_by_label("Kind").input_value() == "opinion"
    page.locator("#add-claim-form").scroll_into_view_if_needed()
    screenshot(page, "add-claim-refused-keeps-input")


def test_a_review_draft_survives_j_and_k_and_evidence_keeps_focus(page, browser_login, story):
    browser_login("checker2@live.example")
    first_id, _ = story["claims"][0]
    page.goto(f"/claims/{first_id}/review")
    page.evaluate("window.sameDocument = true")
    page.keyboard.press("4")
    page.keyboard.press("r")
    page.keyboard.type("Board minutes say April, not March.")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    # A new evidence row, the cursor in it, and no reload.
    assert page.evaluate("document.activeElement.name") == "evidence-1-url"
    assert page.evaluate("window.sameDocument") is True
    page.keyboard.type("https://example.org/minutes")
    page.keyboard.press("Escape")

    page.keyboard.press("j")
    page.wait_for_url(re.compile(rf"/claims/(?!{first_id}/)\d+/review"))
    assert page.locator("#rationale").input_value() == ""  # another claim, another draft
    page.keyboard.press("k")
    page.wait_for_url(re.compile(rf"/claims/{first_id}/review"))
    assert page.locator("#draft-restored").is_visible()
    assert page.locator("#rationale").input_value() == "Board minutes say April, not March."
    assert page.locator('#truth-choices input[data-key="4"]').is_checked()
    assert page.locator('input[name="evidence-1-url"]').input_value() == (
        "https://example.org/minutes")
    screenshot(page, "review-draft-restored")

    # Saved, the draft is the server's: nothing is restored over it.
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=Draft saved.")
    page.reload()
    assert not page.locator("#draft-restored").is_visible()
    assert page.locator("#rationale").input_value() == "Board minutes say April, not March."


def test_skip_link_and_help_dialog_keep_keyboard_users_in_place(page, browser_login, story):
    browser_login("checker@live.example")
    first_id, _ = story["claims"][0]
    page.goto(f"/claims/{first_id}/review")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the review form"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#your-review') !== null")

    opener = page.locator("#shortcut-help-button")
    opener.focus()
    page.keyboard.press("Enter")
    assert page.locator("#shortcut-help").is_visible()
    for _ in range(3):  # Tab cycles inside the dialog
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('shortcut-help')"
                             ".contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not page.locator("#shortcut-help").is_visible()
    assert page.evaluate("document.activeElement.id") == "shortcut-help-button"
