"""The public fact-check pages and feeds, as a reader, a search engine and
a feed reader meet them: no sign-in, nothing internal, the ClaimReview
embedded and valid, cacheable, gone when withdrawn."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import feedparser
import pytest

from factcheck.config import SETTINGS_KEY
from factcheck.domain.claimreview import validate
from factcheck.domain.ratings import TruthRating as T
from factcheck.web.public import CACHE_SECONDS
from factcheck.web.security import CSP
from tests.support import publication as fc
from tests.support.config import with_settings
from tests.support.querycount import statements_for
from tests.support.schemaorg import SCHEMA, expand, terms
from tests.support.workflow import reviewing_people

HOST = "http://factcheck.test"
LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def people(make_user):
    return reviewing_people(make_user)


def _embedded(html: str) -> dict:
    (block,) = LD_BLOCK.findall(html)
    return json.loads(block)


def test_anonymous_readers_get_the_list_and_the_page_without_signing_in(client, session,
                                                                        people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    listed = client.get("/fact-checks/")
    assert listed.status_code == 200
    html = listed.get_data(as_text=True)
    assert "Cargo fell by half last year" in html and f"/fact-checks/{claim.id}" in html
    assert (f'<link rel="alternate" type="application/atom+xml" title="Factcheck Desk: '
            f'fact-checks (Atom)" href="{HOST}/fact-checks/feed.atom">') in html
    assert 'type="application/ld+json" title="Factcheck Desk: fact-checks (ClaimReview ' \
           f'DataFeed)" href="{HOST}/fact-checks/feed.jsonld">' in html
    shown = client.get(f"/fact-checks/{claim.id}")
    assert shown.status_code == 200
    page = shown.get_data(as_text=True)
    for expected in ("Cargo fell by half last year", "False", "Port records show cargo rose.",
                     "https://stats.example/cargo", "Port statistics", "Harbour Post",
                     "Port Authority spokesperson"):
        assert expected in page, expected
    assert shown.headers["Content-Security-Policy"] == CSP  # the strict one, unchanged
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
    assert "Sign out" not in page and "csrf_token" not in page
    assert "Set-Cookie" not in shown.headers  # nothing per visitor: shared caches may keep it


def test_no_internal_data_on_public_pages_or_feeds(client, session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    fc.corrected(session, people, claim, T.MOSTLY_FALSE, note="New port figures arrived.")
    draft = fc.reviewed(session, people, "Dock wages rose 40%")
    fc.decide(session, people, draft, T.TRUE)  # approved, unpublished
    urls = ["/fact-checks/", f"/fact-checks/{claim.id}", "/fact-checks/feed.atom",
            "/fact-checks/feed.jsonld"]
    internal = [fc.REVIEWER_RATIONALE, fc.REVIEWER_NOTE, fc.INTERNAL_REASON, "Checker One",
                "Checker Two", "The Editor", "one@example.org", "ed@example.org",
                "Dock wages rose 40%"]
    for url in urls:
        text = client.get(url).get_data(as_text=True)
        assert "Cargo fell by half last year" in text, url
        leaked = [item for item in internal if item in text]
        assert leaked == [], url
    assert client.get(f"/fact-checks/{draft.id}").status_code == 404


def test_the_page_embeds_a_claimreview_our_validator_accepts_and_json_ld_expands(
        client, session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    fc.corrected(session, people, claim, T.MOSTLY_FALSE, note="New port figures arrived.")
    document = _embedded(client.get(f"/fact-checks/{claim.id}").get_data(as_text=True))
    findings = validate(document)
    assert findings.ok, findings.errors
    assert document["url"] == f"{HOST}/fact-checks/{claim.id}"
    (node,) = expand(document)
    assert terms([node]) == terms(document)  # every term is schema.org's: none dropped
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    assert node[SCHEMA + "url"] == [{"@id": f"{HOST}/fact-checks/{claim.id}"}]
    rating = node[SCHEMA + "reviewRating"][0]
    assert rating[SCHEMA + "alternateName"] == [{"@value": "Mostly false"}]
    assert SCHEMA + "dateModified" in node
    texts = [c[SCHEMA + "text"][0]["@value"] for c in node[SCHEMA + "correction"]]
    assert texts[-1] == "Verdict changed (False → Mostly false): New port figures arrived."
    assert [c["@type"] for c in node[SCHEMA + "correction"]] == [
        [SCHEMA + "CorrectionComment"]] * 2


def test_the_page_is_the_claimreview_url_of_the_export_and_follows_the_base_setting(
        app, client, session, people, login, monkeypatch):
    claim = fc.published(session, people, "Cargo fell by half last year")
    login(people["editor"])
    exported = client.post("/exports", data={"format": "claimreview", "status": "published"})
    (review,) = json.loads(exported.get_data(as_text=True))["@graph"]
    assert review["url"] == f"{HOST}/fact-checks/{claim.id}"
    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        with_settings(app.config, public_base_url="https://checks.example/"))
    exported = client.post("/exports", data={"format": "claimreview", "status": "published"})
    (review,) = json.loads(exported.get_data(as_text=True))["@graph"]
    assert review["url"] == f"https://checks.example/fact-checks/{claim.id}"
    page = client.get(f"/fact-checks/{claim.id}").get_data(as_text=True)
    assert _embedded(page)["url"] == review["url"]
    assert 'href="https://checks.example/fact-checks/feed.atom"' in page


@pytest.mark.parametrize("path", ["/fact-checks/", "/fact-checks/{id}", "/fact-checks/feed.atom",
                                  "/fact-checks/feed.jsonld"])
def test_unchanged_answers_304_and_a_correction_changes_the_validators(client, session, people,
                                                                      path):
    claim = fc.published(session, people, "Cargo fell by half last year")
    url = path.format(id=claim.id)
    first = client.get(url)
    body = first.get_data()
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200 and body
    assert first.headers["Cache-Control"] == f"public, max-age={CACHE_SECONDS}"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    fc.corrected(session, people, claim, T.MOSTLY_FALSE, note="New port figures arrived.")
    changed = client.get(url, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    # The list says when; the page and the feeds also say what changed.
    marker = b"corrected" if path == "/fact-checks/" else b"New port figures arrived."
    assert marker in changed.get_data() and marker not in body


def test_a_withdrawn_fact_check_answers_410_with_its_public_note(client, session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    fc.withdraw(session, people, claim, public_note="We are checking new port figures.")
    gone = client.get(f"/fact-checks/{claim.id}")
    page = gone.get_data(as_text=True)
    assert gone.status_code == 410 and "ETag" not in gone.headers
    assert "This fact-check was withdrawn" in page and "We are checking new port figures." in page
    assert fc.INTERNAL_REASON not in page and LD_BLOCK.findall(page) == []
    assert "Cargo fell by half last year" not in client.get("/fact-checks/").get_data(as_text=True)
    missing = client.get("/fact-checks/2147483647")
    assert missing.status_code == 404 and "no published fact-check" in missing.get_data(
        as_text=True)
    assert client.get("/fact-checks/99999999999999999999").status_code == 404


def test_the_list_filters_by_rating_and_outlet_and_pages_keep_the_filters(client, session,
                                                                         people):
    fc.published(session, people, "Cargo fell by half last year", outlet="Harbour Post")
    fc.published(session, people, "The ferry fleet doubled", rating=T.TRUE, outlet="Daily Ledger")
    fc.many_published(session, people["editor"].id, 21, outlet="Daily Ledger")
    html = client.get("/fact-checks/?rating=true&outlet=Daily+Ledger").get_data(as_text=True)
    assert "The ferry fleet doubled" in html and "Cargo fell by half" not in html
    assert '<option selected value="Daily Ledger">' in html
    outlet = client.get("/fact-checks/?outlet=Daily+Ledger").get_data(as_text=True)
    assert "/fact-checks/?page=2&amp;outlet=Daily+Ledger" in outlet
    assert "Cargo fell by half" not in outlet
    nothing = client.get("/fact-checks/?rating=nonsense&outlet=Nowhere&page=999999")
    assert nothing.status_code == 200 and "No published fact-checks" in nothing.get_data(
        as_text=True)


def test_the_list_page_sends_as_many_statements_for_many_verdicts_as_for_few(
        app, client, session, people):
    fc.many_published(session, people["editor"].id, 2)
    few = statements_for(app, client, "/fact-checks/")
    claims = fc.many_published(session, people["editor"].id, 30, outlet="Other Gazette")
    fc.corrected(session, people, fc.published(session, people, "Cargo fell by half"),
                 T.MOSTLY_FALSE, note="Newer figures.")
    assert claims
    assert statements_for(app, client, "/fact-checks/") == few
    assert few <= 6


def test_the_data_feed_streams_with_as_many_statements_for_many_verdicts_as_for_few(
        app, client, session, people):
    fc.many_published(session, people["editor"].id, 2)
    few = statements_for(app, client, "/fact-checks/feed.jsonld")
    fc.many_published(session, people["editor"].id, 80, outlet="Other Gazette")
    fc.corrected(session, people, fc.published(session, people, "Cargo fell by half"),
                 T.MOSTLY_FALSE, note="Newer figures.")
    assert statements_for(app, client, "/fact-checks/feed.jsonld") == few
    # Streamed, not read whole first to count its length.
    answer = client.get("/fact-checks/feed.jsonld", buffered=False)
    assert answer.is_streamed and "Content-Length" not in answer.headers
    assert len(json.loads(b"".join(answer.response))["dataFeedElement"]) == 83
    answer.close()


def test_the_data_feed_expands_to_claimreviews_with_their_corrections(client, session, people):
    corrected = fc.published(session, people, "Cargo fell by half last year")
    plain = fc.published(session, people, "The ferry fleet doubled", rating=T.TRUE)
    fc.corrected(session, people, corrected, T.MOSTLY_FALSE, note="New port figures arrived.")
    answer = client.get("/fact-checks/feed.jsonld")
    assert answer.mimetype == "application/ld+json"
    document = json.loads(answer.get_data(as_text=True))
    (feed,) = expand(document)
    assert terms([feed]) == terms(document)
    assert feed["@type"] == [SCHEMA + "DataFeed"]
    assert feed[SCHEMA + "url"] == [{"@id": f"{HOST}/fact-checks/feed.jsonld"}]
    elements = {element[SCHEMA + "url"][0]["@id"]: element
                for element in feed[SCHEMA + "dataFeedElement"]}
    assert set(elements) == {f"{HOST}/fact-checks/{corrected.id}",
                             f"{HOST}/fact-checks/{plain.id}"}
    assert all(e["@type"] == [SCHEMA + "ClaimReview"] for e in elements.values())
    changed = elements[f"{HOST}/fact-checks/{corrected.id}"]
    assert SCHEMA + "dateModified" in changed
    assert changed[SCHEMA + "correction"][-1][SCHEMA + "text"][0]["@value"].endswith(
        "New port figures arrived.")
    assert SCHEMA + "correction" not in elements[f"{HOST}/fact-checks/{plain.id}"]
    assert all(validate(item).ok for item in document["dataFeedElement"])


def test_the_atom_feed_parses_cleanly_and_a_correction_updates_its_entry(client, session,
                                                                         people):
    corrected = fc.published(session, people, "Cargo fell by half last year")
    fc.published(session, people, "The ferry fleet doubled", rating=T.TRUE)
    fc.corrected(session, people, corrected, T.MOSTLY_FALSE, note="New port figures arrived.")
    answer = client.get("/fact-checks/feed.atom")
    assert answer.mimetype == "application/atom+xml"
    parsed = feedparser.parse(answer.get_data())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == f"{HOST}/fact-checks/"
    assert parsed.feed.title == "Factcheck Desk: fact-checks"
    first, second = parsed.entries
    assert first.id == f"{HOST}/fact-checks/{corrected.id}" == first.link
    assert first.title == "Mostly false: Cargo fell by half last year"
    assert "New port figures arrived." in first.summary
    # RFC 3339 stamps of one form (UTC, microseconds) compare as text.
    assert first.updated > second.updated and first.published < first.updated
    assert parsed.feed.updated == first.updated
    assert second.title == "True: The ferry fleet doubled" and "Correction" not in second.summary


def test_atom_leaves_out_characters_xml_cannot_carry(client, session, people):
    fc.published(session, people, "Cargo fell\x0b by half\x01 last year")
    parsed = feedparser.parse(client.get("/fact-checks/feed.atom").get_data())
    assert parsed.bozo == 0 and parsed.entries[0].title == "False: Cargo fell by half last year"


def test_signed_in_readers_get_the_same_page_kept_out_of_shared_caches(client, session, people,
                                                                       login):
    claim = fc.published(session, people, "Cargo fell by half last year")
    anonymous = client.get(f"/fact-checks/{claim.id}")
    login(people["one"])
    signed_in = client.get(f"/fact-checks/{claim.id}")
    assert signed_in.status_code == 200 and signed_in.headers["Cache-Control"] == "no-store"
    assert signed_in.headers["ETag"] == anonymous.headers["ETag"]  # same page for everyone
    assert timedelta(0) <= timedelta(seconds=CACHE_SECONDS)


def test_odd_addresses_get_a_page_never_an_error(client, session, people):
    fc.published(session, people, "Cargo fell by half last year")
    for url in ("/fact-checks/?page=abc", "/fact-checks/?page=-3", "/fact-checks/?outlet=" +
                "x" * 5000, "/fact-checks/?rating=%27%3B--", "/fact-checks"):
        answer = client.get(url, follow_redirects=True)
        assert answer.status_code == 200, url
        assert "Fact-checks" in answer.get_data(as_text=True)
    head = client.head("/fact-checks/feed.jsonld")
    assert head.status_code == 200 and head.get_data() == b"" and head.headers["ETag"]
