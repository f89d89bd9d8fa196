"""Links a role can follow: signed in as each role, follow every link on
every page reached from the start page. No page may show its viewer a link
that answers 403, 404 or a server error."""

from __future__ import annotations

from collections import deque

import pytest

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.services.claims import editing as claim_service
from factcheck.services.review import workflow
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.crawl import Walk, links_on, on_site
from tests.support.desk import NOW, Desk

MAX_PAGES = 400  # far more kinds of page than the app has; stops a runaway loop


def crawl(client, start: str = "/") -> dict[str, int]:
    """Every same-site link reached from ``start``: url -> status."""
    seen: dict[str, int] = {}
    walk = Walk()
    queue = deque([(start, "(start)")])
    refused: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url, found_on = queue.popleft()
        if url in seen or not walk.take(url):
            continue
        try:
            response = client.get(url)
        except Exception as error:  # the test app re-raises what would be a 500
            refused.append(f"{url} -> {type(error).__name__} (linked from {found_on})")
            seen[url] = 500
            continue
        seen[url] = response.status_code
        if response.status_code in (403, 404) or response.status_code >= 500:
            refused.append(f"{url} -> {response.status_code} (linked from {found_on})")
            continue
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        for href in links_on(response.get_data(as_text=True)):
            target = on_site(href)
            if target is not None:
                queue.append((target, url))
    assert not refused, "\n".join(refused)
    return seen


@pytest.fixture
def desk_day(session, checker, editor):
    """An article with every kind of claim a page can link to: reviewed,
    disputed, published, assigned, and one marked not a claim."""
    saved = save_article(session, acting(session, checker), PORT_REOPENS)
    live = [c for c in saved.article.claims if c.status is not ClaimStatus.NOT_A_CLAIM]
    dismissed, disputed, published, assigned = live[:4]
    claim_service.update_details(session, acting(session, checker), dismissed,
                                 kind=dismissed.kind, not_a_claim=True,
                                 expected_version=dismissed.version)
    desk = Desk(session)
    second = desk.person("Second Reader")
    desk.review(disputed, acting(session, checker), TruthRating.TRUE)
    desk.review(disputed, second, TruthRating.FALSE)
    desk.set(disputed, status=ClaimStatus.DISPUTED)
    desk.review(published, acting(session, checker), TruthRating.MOSTLY_FALSE)
    desk.set(published, status=ClaimStatus.PUBLISHED)
    desk.verdict(published, TruthRating.MOSTLY_FALSE, published=NOW)
    workflow.assign(session, acting(session, editor), assigned.id, acting(session, checker),
                    assigned.version)
    session.commit()
    return saved.article.id


@pytest.mark.parametrize("role", ["checker", "editor", "admin"])
def test_every_link_a_role_is_shown_opens(client, make_user, login, desk_day, role):
    user = make_user(email=f"crawler-{role}@example.org", role=role)
    login(user)
    seen = crawl(client)
    # The walk reached the pages that matter for this role, not just the start.
    assert f"/articles/{desk_day}" in seen
    assert any(url.startswith("/claims/") and url.endswith("/review") for url in seen)
    if role == "admin":
        assert "/admin/users" in seen
    if role == "editor":
        assert "/dashboard" in seen
    assert len(seen) >= 12, sorted(seen)
