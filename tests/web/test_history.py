"""Claim and article history pages, read as sentences: the whole review
loop through the web, with names, blind reviews hidden until the reviews
are in, a reopening recorded once and a text change as a diff."""

from __future__ import annotations

import html
import re

import pytest

from factcheck.models.claim import Claim
from tests.support.articles import PORT_REOPENS, acting, save_article


@pytest.fixture
def people(make_user):
    return {
        "priya": make_user(email="priya@example.org", role="checker", name="Priya Raman"),
        "omar": make_user(email="omar@example.org", role="checker", name="Omar Haddad"),
        "ines": make_user(email="ines@example.org", role="editor", name="Ines Duarte"),
    }


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.get_data(
        as_text=True))))


def _as(client, login, user) -> None:
    client.post("/logout")
    assert login(user).status_code == 302


def _version(session, claim_id: int) -> int:
    session.expire_all()
    return session.get(Claim, claim_id).version


def _review(client, claim_id: int, truth: str, rationale: str) -> None:
    response = client.post(f"/claims/{claim_id}/review", data={
        "version": "", "truth": truth, "attribution": "accurate", "rationale": rationale,
        "evidence-0-url": "", "evidence-0-title": "", "evidence-0-stance": "context",
        "evidence-0-note": "", "action": "submit"})
    assert response.status_code == 302


def test_the_review_loop_reads_as_sentences(client, login, session, people):
    saved = save_article(session, acting(session, people["priya"]), PORT_REOPENS)
    claim = saved.article.claims[0]
    history = f"/claims/{claim.id}/history"

    _as(client, login, people["priya"])
    _review(client, claim.id, "true", "Port figures agree.")

    _as(client, login, people["omar"])
    blind = _text(client.get(history))
    assert "Another reviewer submitted a review" in blind
    assert "Port figures agree." not in blind and "Priya Raman rated" not in blind
    _review(client, claim.id, "mostly_false", "Only some berths reopened.")
    seen = _text(client.get(history))
    assert "Priya Raman rated it True, attribution accurate" in seen
    assert "Port figures agree." in seen
    assert ("Omar Haddad rated it Mostly false, attribution accurate; the claim is now "
            "Disputed") in seen

    _as(client, login, people["ines"])
    for path, data in [("decide", {"rating": "mostly_false", "public_rationale": "Partly."}),
                       ("publish", {"correction_note": ""}),
                       ("reopen", {
                           "reason": "The operator sent new berth figures.",
                           "public_note": "New berth figures arrived; under review again."})]:
        response = client.post(f"/claims/{claim.id}/{path}",
                               data={"version": _version(session, claim.id), **data})
        assert response.status_code == 302, path
    page = _text(client.get(history))
    assert "Ines Duarte approved the verdict Mostly false" in page
    assert "Ines Duarte published the verdict Mostly false" in page
    assert page.count("reopened it, back to Disputed") == 1
    assert "moved it to Disputed" not in page  # the reopening is one entry, not two
    assert "The operator sent new berth figures." in page
    assert '"truth_rating"' not in page and "{" not in page  # no raw JSON

    # The article's history tells its claims' stories too, each linked.
    article_page = client.get(f"/articles/{saved.article.id}/history").get_data(as_text=True)
    assert f'href="/claims/{claim.id}"' in article_page
    assert "brought the article in" in article_page


def test_a_boundary_change_is_a_word_diff(client, login, session, people):
    saved = save_article(session, acting(session, people["priya"]), PORT_REOPENS)
    claim = saved.article.claims[0]
    body = saved.article.body
    _as(client, login, people["priya"])
    start = body.index("busiest")
    response = client.post(f"/claims/{claim.id}/boundaries", data={
        "version": _version(session, claim.id), "start": start, "end": claim.end})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim.id}/history").get_data(as_text=True)
    assert "Priya Raman</strong> changed the text" in page
    assert re.search(r"<del>[^<]*Britain&#39;s </del>", page)
