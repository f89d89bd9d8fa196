"""Articles in a real browser: paste one, see its claims highlighted, read
a claim's chain, fix a source, split a claim, and add a claim by selecting
text (static/js/reading.js). Screenshots of the main pages land in
test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import screenshot

pytestmark = pytest.mark.browser

STORY = """Ferry operator suspends Baltic crossings

TALLINN (Reuters) - The ferry operator suspended all crossings to Helsinki on Wednesday \
after a storm damaged two vessels, sources told the FT.

Repairs will cost about 2 million euros, chief executive Mart Kask said, citing an early estimate.

Passengers were offered full refunds, the company said in a statement."""


def _select(page, words: str) -> None:
    """Select ``words`` in the article as a reader dragging the mouse would,
    once the page has loaded: its script, deferred, listens for selections
    only from then on (a selection made before was missed on a busy machine)."""
    page.wait_for_load_state("load")
    page.evaluate(
        """(words) => {
            const body = document.getElementById("article-body");
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
            }
            throw new Error("not in the article: " + words);
        }""",
        words,
    )


def test_article_from_paste_to_edited_claims(page, browser_login):
    browser_login("checker@live.example")
    page.goto("/articles/new")
    page.get_by_label("Article text or page HTML").fill(STORY)
    page.get_by_role("button", name="Save article").click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.get_by_text("Saved, with 3 claims found.").is_visible()
    highlighted = page.locator("#article-body mark.claim")
    assert highlighted.count() == 3
    screenshot(page, "article-reading-view")

    # Open the first claim: its chain reads outermost reporter first.
    highlighted.first.click()
    page.wait_for_url(re.compile(r"claim=\d+"))
    chain = page.locator(".claim-detail ol.chain > li > a")
    assert chain.all_inner_texts() == ["Financial Times", "sources"]
    assert page.locator(".claim-detail .cue").first.inner_text() == "“told”"
    screenshot(page, "article-claim-selected")

    # Fix a source: the second claim rests on the CEO, not "early estimate".
    second = page.locator("#article-body mark.claim").nth(1)
    second_id = second.get_attribute("data-claim-id")
    second.click()
    page.wait_for_url(re.compile(rf"claim={second_id}\b"))
    page.get_by_role("link", name="Edit claim & sources").click()
    page.wait_for_url(re.compile(r"/claims/\d+/edit$"))
    second_hop = page.locator("li.hop-row").nth(1)
    second_hop.locator('input[name="source_name"]').fill("Kask Shipping internal review")
    second_hop.locator('select[name="kind"]').select_option("document")
    second_hop.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Source in the chain updated.")
    names = page.locator('li.hop-row input[name="source_name"]')
    assert [names.nth(i).input_value() for i in range(names.count())] == [
        "chief executive Mart Kask", "Kask Shipping internal review"]
    screenshot(page, "claim-editor")

    # Split it after the figure.
    page.get_by_label("Second claim starts with").fill("chief executive Mart Kask said")
    page.get_by_role("button", name="Split claim").click()
    page.wait_for_selector("text=Claim split in two.")
    assert page.locator("mark").inner_text() == "Repairs will cost about 2 million euros,"
    page.get_by_role("link", name=re.compile("Ferry operator suspends")).click()
    assert page.locator("#article-body mark.claim").count() == 4

    # Add a claim by selecting text in the reading view.
    _select(page, "suspends Baltic cross")
    # Playwright's own waiting: a JavaScript predicate would be evaluated as a
    # string, which the page's Content-Security-Policy refuses once it polls.
    expect(page.locator("#add-claim-form [name=quote]")).to_have_value("suspends Baltic cross")
    page.get_by_role("button", name="Add claim").click()
    page.wait_for_selector("text=Claim added.")
    added = page.locator("#article-body mark.claim.selected")
    assert added.inner_text() == "suspends Baltic crossings"  # snapped to whole words
    assert page.locator("#article-body mark.claim").count() == 5

    page.goto("/articles")
    assert page.get_by_role("link", name="Ferry operator suspends Baltic crossings").is_visible()
    screenshot(page, "article-list")
    page.goto("/sources")
    page.get_by_role("link", name="Financial Times").click()
    assert page.get_by_text("The ferry operator suspended all crossings").is_visible()
    screenshot(page, "source-page")
