"""The public fact-check pages in a real browser, as an anonymous reader:
no WCAG 2.1 A/AA violation on any of them (the list, a filtered list, a
fact-check with corrections, a withdrawn one, a missing one), and the
embedded ClaimReview sits under the strict CSP without a complaint."""

from __future__ import annotations

import json
from collections import deque

import pytest
import sqlalchemy as sa

from factcheck.domain.ratings import TruthRating as T
from factcheck.extensions import db
from factcheck.models.user import User
from tests.support import publication as fc
from tests.support.accessibility import violations
from tests.support.browser import screenshot
from tests.support.crawl import on_site

pytestmark = pytest.mark.browser

HREFS = "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href'))"
LD_JSON = ("() => Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'),"
           " (s) => s.textContent)")


@pytest.fixture(scope="module")
def fact_checks(live_server) -> dict[str, int]:
    """A corrected fact-check, a plain one and a withdrawn one, made through
    the workflow by the live server's own people."""
    with live_server.app.app_context():
        session = db.session
        person = {u.email.split("@")[0]: u for u in session.scalars(sa.select(User))}
        people = {"one": person["checker"], "two": person["checker2"],
                  "editor": person["editor"]}
        corrected = fc.published(session, people, "Cargo at the port fell by half last year",
                                 outlet="Harbour Post")
        fc.corrected(session, people, corrected, T.MOSTLY_FALSE,
                     note="New port figures arrived; the fall was a third.")
        plain = fc.published(session, people, "The ferry fleet doubled since 2019",
                             rating=T.TRUE, outlet="Daily Ledger")
        withdrawn = fc.published(session, people, "Dock wages rose 40% in a year",
                                 outlet="Daily Ledger")
        fc.withdraw(session, people, withdrawn, public_note="We are checking the wage data.")
        # Decided again, not yet published: still gone for readers, and out
        # of the editors' queues that later browser tests on this shared
        # server look at.
        fc.decide(session, people, withdrawn, T.MOSTLY_FALSE)
        ids = {"corrected": corrected.id, "plain": plain.id, "withdrawn": withdrawn.id}
        session.remove()
    return ids


def _console_errors(page) -> list[str]:
    """Script errors and CSP reports; the browser's note that a page it was
    sent to on purpose answered 410 or 404 is not one."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error"
            and not message.text.startswith("Failed to load resource") else None)
    return errors


def test_every_public_page_has_no_wcag_violations_for_an_anonymous_reader(page, fact_checks):
    errors = _console_errors(page)
    queue = deque(["/fact-checks/", "/fact-checks/?rating=true&outlet=Daily+Ledger"])
    seen: set[str] = set()
    found: list[str] = []
    while queue:
        url = queue.popleft()
        if url in seen or url.endswith((".atom", ".jsonld")):
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "/login" not in page.url  # never sent to sign in
        found += [f"{url}: {line}" for line in violations(page)]
        for href in page.evaluate(HREFS):
            target = on_site(href)
            if target is not None and target.startswith("/fact-checks/"):
                queue.append(target)
    assert f"/fact-checks/{fact_checks['corrected']}" in seen
    assert f"/fact-checks/{fact_checks['plain']}" in seen
    for url, status in ((f"/fact-checks/{fact_checks['withdrawn']}", 410),
                        ("/fact-checks/2147483647", 404)):
        response = page.goto(url)
        assert response is not None and response.status == status
        found += [f"{url}: {line}" for line in violations(page)]
    assert not found, "\n".join(found)
    assert errors == []  # no CSP report, no script error anywhere


def test_a_fact_check_shows_its_verdict_corrections_and_claimreview(page, fact_checks):
    errors = _console_errors(page)
    page.goto("/fact-checks/")
    screenshot(page, "public-fact-checks")
    page.get_by_role("link", name="Cargo at the port fell by half last year").click()
    page.wait_for_url(f"**/fact-checks/{fact_checks['corrected']}")
    assert "Cargo at the port fell by half" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("Mostly false", exact=True).first.is_visible()
    assert page.get_by_text("New port figures arrived; the fall was a third.").is_visible()
    (block,) = page.evaluate(LD_JSON)
    document = json.loads(block)
    assert document["@type"] == "ClaimReview"
    assert document["url"].endswith(f"/fact-checks/{fact_checks['corrected']}")
    assert document["correction"][-1]["text"].endswith("the fall was a third.")
    screenshot(page, "public-fact-check")
    page.goto(f"/fact-checks/{fact_checks['withdrawn']}")
    assert page.get_by_text("We are checking the wage data.").is_visible()
    screenshot(page, "public-fact-check-withdrawn")
    assert errors == []
