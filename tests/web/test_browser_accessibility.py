"""Accessibility, tested: signed in as each role, walk every main page the
role reaches by its links and run axe-core's WCAG 2.1 A and AA rules on
each. Zero violations. Dialogs are checked open, forms with their errors."""

from __future__ import annotations

from collections import deque

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimKind
from factcheck.domain.ratings import TruthRating
from factcheck.extensions import db
from factcheck.models.claim import Claim
from factcheck.models.notification import Notification, NotificationKind
from factcheck.models.user import User
from factcheck.services.claims import editing as claim_service
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft
from factcheck.services.review import workflow
from tests.support.accessibility import violations
from tests.support.browser import screenshot
from tests.support.crawl import Walk, on_site
from tests.support.desk import NOW, Desk

pytestmark = pytest.mark.browser

STORY = """Tram depot plan goes back to council

NORDBY (Valley Courier) - The transport authority withdrew its plan for a tram depot on \
Mill Road on Monday, authority chair Lena Holm said.

The depot would have cost 31 million crowns, according to a budget paper seen by the Courier.

Residents' groups said the site was too close to the river, and the authority reportedly \
agreed to look again at two other sites.

Holm said she expected a new plan before the summer."""

PAGES_PER_PATH = 2  # each kind of page, and one filtered variant
HREFS = "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href'))"


@pytest.fixture
def busy_article(live_server) -> int:
    """An article with a dismissed claim, reviews, a published verdict and
    an unread notification for the checker (the badge in the header)."""
    with live_server.app.app_context():
        session = db.session
        person = {u.email.split("@")[0]: u for u in session.scalars(sa.select(User))}
        saved = articles.create_article(session, person["editor"], Draft(text=STORY))
        session.commit()
        claims = session.scalars(sa.select(Claim).where(Claim.article_id == saved.article.id)
                                 .order_by(Claim.start)).all()
        if saved.created and len(claims) >= 4:
            dismissed, reviewed, published, assigned = claims[:4]
            claim_service.update_details(session, person["checker"], dismissed,
                                         kind=dismissed.kind, not_a_claim=True,
                                         expected_version=dismissed.version)
            desk = Desk(session)
            desk.review(reviewed, person["checker"], TruthRating.TRUE)
            desk.review(reviewed, person["checker2"], TruthRating.MOSTLY_TRUE)
            desk.review(published, person["checker"], TruthRating.FALSE)
            desk.verdict(published, TruthRating.FALSE, published=NOW)
            # An opinion (drawn dimmed) and a two-digit unread count (axe
            # leaves a one-character badge unchecked).
            claim_service.update_details(session, person["checker"], assigned,
                                         kind=ClaimKind.OPINION, not_a_claim=False,
                                         expected_version=assigned.version)
            workflow.assign(session, person["editor"], assigned.id, person["checker"],
                            assigned.version)
            for number in range(10):
                session.add(Notification(user_id=person["checker"].id,
                                         kind=NotificationKind.ASSIGNED, claim_id=assigned.id,
                                         message=f"A claim was assigned to you: {number}"))
            session.commit()
        article_id = saved.article.id
        session.remove()
    return article_id


def _sweep(page, start_pages: list[str]) -> tuple[list[str], list[str]]:
    """Visit every kind of page reachable from ``start_pages``; the
    violations found (with their page) and the pages visited."""
    walk = Walk(variants=PAGES_PER_PATH)
    queue = deque(start_pages)
    found: list[str] = []
    visited: list[str] = []
    while queue:
        url = queue.popleft()
        if not walk.take(url):
            continue
        response = page.goto(url)
        if response is None or response.status != 200:
            continue
        visited.append(url)
        found += [f"{url}: {line}" for line in violations(page)]
        for href in page.evaluate(HREFS):
            target = on_site(href)
            if target is not None:
                queue.append(target)
    return found, visited


@pytest.mark.parametrize("role", ["checker", "editor", "admin"])
def test_every_main_page_for_the_role_has_no_wcag_violations(page, browser_login, busy_article,
                                                             role):
    browser_login(f"{role}@live.example")
    found, visited = _sweep(page, ["/", f"/articles/{busy_article}"])
    assert len(visited) >= 10, visited
    assert not found, "\n".join(found)


def test_dialogs_and_refused_forms_have_no_wcag_violations(page, browser_login, busy_article):
    page.goto("/login")
    page.get_by_label("Email").fill("nobody@live.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".flash-error, .form-errors")
    assert violations(page) == []

    browser_login("checker@live.example")
    page.goto(f"/articles/{busy_article}")
    first = page.locator("#article-body mark.claim").first
    first.click()
    page.wait_for_url("**claim=*")
    page.get_by_role("link", name="Review", exact=True).click()
    page.wait_for_url("**/review")
    page.keyboard.press("?")
    assert page.locator("#shortcut-help").is_visible()
    assert violations(page) == []
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Submit review").click()  # nothing chosen: refused
    assert violations(page) == []
    screenshot(page, "review-refused-accessible")
