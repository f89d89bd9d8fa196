"""Reading through the API: the web claim list's filters and order, cursor
pages that add up to the whole list, ETags, blind review exactly as on the
claim page, and verdicts published only unless the reader decides them."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.models import Correction, CorrectionKind
from tests.support.desk import NOW, Desk
from tests.support.querycount import count_statements
from tests.support.workflow import story_claims


def _path(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _all_pages(api, url):
    """Every item, following ``next``; and the number of pages."""
    items, pages = [], 0
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.data
        body = response.get_json()
        items += body["items"]
        pages += 1
        if body["next"]:
            assert response.headers["Link"] == f'<{body["next"]}>; rel="next"'
        url = _path(body["next"]) if body["next"] else None
    return items, pages


@pytest.fixture
def desk(session):
    desk = Desk(session)
    _, first = desk.article(outlet="Daily Bugle", claims=4)
    _, second = desk.article(outlet="Evening Post", claims=3)
    for age, claim in enumerate(first + second):
        desk.set(claim, age_days=age)
    desk.set(first[0], status=ClaimStatus.PUBLISHED, age_days=0)
    desk.verdict(first[0], TruthRating.FALSE, published=NOW)
    desk.set(second[0], status=ClaimStatus.APPROVED, age_days=4)
    desk.verdict(second[0], TruthRating.TRUE)
    session.commit()
    desk.first, desk.second = first, second
    return desk


def test_cursor_pages_add_up_to_the_web_list_in_the_same_order(as_token, client, login,
                                                                checker, desk):
    api = as_token(checker)
    items, pages = _all_pages(api, "/api/v1/claims?limit=2")
    assert pages == 4
    login(checker)
    page = client.get("/claims").get_data(as_text=True)
    web_order = [int(found) for found in re.findall(r'claim=(\d+)"', page)]
    assert [item["id"] for item in items] == list(dict.fromkeys(web_order))


THIS_WEEK = (NOW - timedelta(days=NOW.weekday())).date()


@pytest.mark.parametrize("query", ["outlet=Evening+Post", "status=published", "rating=false",
                                   "verdict=any", "status=waiting", "age=day",
                                   f"published_week={THIS_WEEK}"])
def test_filters_match_the_web_list(as_token, client, login, checker, desk, query):
    items, _ = _all_pages(as_token(checker), f"/api/v1/claims?{query}")
    login(checker)
    page = client.get(f"/claims?{query}").get_data(as_text=True)
    total = int(re.search(r'<strong id="claim-total">(\d+)</strong>', page).group(1))
    assert len(items) == total


def test_a_page_costs_the_same_statements_however_many_claims(app, as_token, checker, desk,
                                                               session):
    api = as_token(checker)

    def statements():
        with app.app_context():
            from factcheck.extensions import db

            engine = db.engine
        with count_statements(engine) as log:
            assert api.get("/api/v1/claims?limit=50").status_code == 200
        return log.count

    statements()  # the token's first use also records it (and starts its rate window)
    few = statements()
    for _ in range(5):
        desk.article(claims=10)
    session.commit()
    assert statements() == few


def test_etag_and_if_none_match(as_token, checker, desk):
    api = as_token(checker)
    first = api.get(f"/api/v1/claims/{desk.first[1].id}")
    tag = first.headers["ETag"]
    again = api.get(f"/api/v1/claims/{desk.first[1].id}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    # A change makes a new tag.
    desk.set(desk.first[1], status=ClaimStatus.IN_REVIEW, age_days=1)
    desk.session.commit()
    changed = api.get(f"/api/v1/claims/{desk.first[1].id}", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag


def test_a_reviewer_is_as_blind_through_the_api_as_on_the_web(as_token, make_user, session,
                                                               editor):
    claim_id = story_claims(session, editor)[1].id
    first = make_user(email="first@example.org", role="checker")
    second = make_user(email="second@example.org", role="checker")
    review = {"truth": "false", "attribution": "misattributed",
              "rationale": "first checker's private reasoning"}
    assert as_token(first).post(f"/api/v1/claims/{claim_id}/reviews",
                                json=review).status_code == 201
    for reader in (as_token(second), as_token(editor)):
        shown = reader.get(f"/api/v1/claims/{claim_id}").get_json()
        assert shown["reviews"] == [] and shown["hidden_reviews"] == 1
        assert "private reasoning" not in reader.get(f"/api/v1/claims/{claim_id}").get_data(
            as_text=True)
        listed = reader.get("/api/v1/claims?misattributed=true").get_json()
        assert claim_id not in [item["id"] for item in listed["items"]]
    own = as_token(first).get(f"/api/v1/claims/{claim_id}").get_json()
    assert [r["rationale"] for r in own["reviews"]] == ["first checker's private reasoning"]
    # The second review unblinds the claim for both.
    as_token(second).post(f"/api/v1/claims/{claim_id}/reviews", json={
        "truth": "false", "attribution": "accurate", "rationale": "Checked."})
    shown = as_token(second).get(f"/api/v1/claims/{claim_id}").get_json()
    assert len(shown["reviews"]) == 2 and shown["hidden_reviews"] == 0


def test_verdicts_are_published_ones_unless_the_reader_decides(as_token, checker, editor,
                                                               desk, session):
    published_id = desk.first[0].verdicts[0].id
    unpublished_id = desk.second[0].verdicts[0].id
    checker_sees, _ = _all_pages(as_token(checker), "/api/v1/verdicts")
    assert [v["id"] for v in checker_sees] == [published_id]
    assert as_token(checker).get(f"/api/v1/verdicts/{unpublished_id}").status_code == 404
    editor_sees, _ = _all_pages(as_token(editor), "/api/v1/verdicts")
    assert {v["id"] for v in editor_sees} == {published_id, unpublished_id}


def test_corrections_keep_their_internal_note_for_editors(as_token, checker, editor, desk,
                                                          session):
    session.add(Correction(claim_id=desk.first[0].id, kind=CorrectionKind.REOPENED,
                           previous_rating=TruthRating.FALSE, note="Desk-internal reason",
                           public_note="We are looking again.", created_by_id=editor.id,
                           created_at=NOW - timedelta(hours=1)))
    session.commit()
    [seen] = as_token(checker).get("/api/v1/corrections").get_json()["items"]
    assert seen["public_note"] == "We are looking again." and "note" not in seen
    [seen] = as_token(editor).get("/api/v1/corrections").get_json()["items"]
    assert seen["note"] == "Desk-internal reason"


def test_claim_detail_has_its_chains(as_token, checker, desk):
    wire, daily = desk.source("Matrix Wire"), desk.source("Matrix Daily")
    desk.chain(desk.first[2], wire, daily)
    desk.session.commit()
    shown = as_token(checker).get(f"/api/v1/claims/{desk.first[2].id}").get_json()
    assert [[hop["source"] for hop in chain] for chain in shown["chains"]] == [
        ["Matrix Wire", "Matrix Daily"]]
    sources, _ = _all_pages(as_token(checker), "/api/v1/sources?limit=1")
    assert {"Matrix Wire", "Matrix Daily"} <= {s["name"] for s in sources}


def test_misattributed_filter_counts_only_what_the_reader_may_see(as_token, checker, desk):
    reviewer = desk.person("Other")
    desk.review(desk.first[3], reviewer, TruthRating.FALSE, AttributionRating.MISATTRIBUTED)
    desk.session.commit()
    listed = as_token(checker).get("/api/v1/claims?misattributed=true").get_json()
    assert listed["items"] == []


@pytest.mark.parametrize(("query", "expected"), [
    ("sourcing=anonymous", "anonymous"), ("status=waiting&sourcing=anonymous", "anonymous"),
    ("sourcing=single", "single"), ("status=published&sourcing=none", "published")])
def test_sourcing_filters_match_the_web_list(as_token, client, login, checker, desk, session,
                                             query, expected):
    from factcheck.domain.sources import SourceKind

    unnamed = desk.source("Unnamed officials", SourceKind.ANONYMOUS)
    desk.chain(desk.first[1], desk.source("A Minister"), unnamed)
    desk.chain(desk.second[1], desk.source("A Paper", SourceKind.PUBLICATION))
    session.commit()
    items, _ = _all_pages(as_token(checker), f"/api/v1/claims?{query}")
    assert {item["id"] for item in items} == {
        "anonymous": {desk.first[1].id}, "single": {desk.second[1].id},
        "published": {desk.first[0].id}}[expected]
    login(checker)
    page = client.get(f"/claims?{query}").get_data(as_text=True)
    total = int(re.search(r'<strong id="claim-total">(\d+)</strong>', page).group(1))
    assert len(items) == total
