"""Links a role can follow: signed in as each role, follow every link on
every page reached from the start page. No page may show its viewer a link
that answers 403, 404 or a server error."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.services import claims as claim_service
from factcheck.services import workflow
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.desk import NOW, Desk

MAX_PAGES = 400  # far more kinds of page than the app has; stops a runaway loop
# Filter pages (the claim list, the dashboard) link to each other with every
# combination of filters; a dozen combinations each reach every filter.
VARIANTS_PER_PATH = 12


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _kind_of_page(url: str) -> tuple[str, tuple[str, ...]]:
    """Pages that differ only in ids or filter values are one kind of page:
    the crawl visits each kind once, however many rows link to it."""
    parts = urlsplit(url)
    return (re.sub(r"\d+", "N", parts.path),
            tuple(sorted({key for key, _ in parse_qsl(parts.query)})))


def crawl(client, start: str = "/") -> dict[str, int]:
    """Every same-site link reached from ``start``: url -> status."""
    seen: dict[str, int] = {}
    kinds: set[tuple[str, tuple[str, ...]]] = set()
    variants: Counter[str] = Counter()
    queue = deque([(start, "(start)")])
    refused: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url, found_on = queue.popleft()
        kind = _kind_of_page(url)
        if url in seen or kind in kinds or variants[kind[0]] >= VARIANTS_PER_PATH:
            continue
        kinds.add(kind)
        variants[kind[0]] += 1
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
            target = urlsplit(href)
            if target.scheme or target.netloc or not target.path.startswith("/"):
                continue  # another site, or an in-page anchor
            if target.path.startswith("/static/"):
                continue
            queue.append((target.path + (f"?{target.query}" if target.query else ""), url))
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
