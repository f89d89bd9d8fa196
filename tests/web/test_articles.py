"""Bringing articles in through the web, the list, the reading view, and
pages whose statement count must not grow with the data."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from factcheck.config import SETTINGS_KEY, settings_of
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.source import Source
from factcheck.services.claims import editing as claim_service
from tests.support.articles import acting, fixture_text, save_article
from tests.support.querycount import statements_for

STORY = ("Council approves transit levy\n\n"
         "MILLBROOK (AP) - The city council voted 7-2 on Thursday to approve a half-cent sales "
         "tax for public transit, the mayor's office said.\n\n"
         "The levy would raise about $14 million a year, according to a city budget memo.")
PAGE = (b"<!doctype html><html><head><title>Levy approved | Millbrook Ledger</title>"
        b'<meta property="og:title" content="Levy approved">'
        b'<meta property="og:site_name" content="Millbrook Ledger">'
        b'<meta name="author" content="Ana Ruiz">'
        b"</head><body><article><h1>Levy approved</h1>"
        b"<p>The council voted 7-2 on Thursday to approve the transit levy, the mayor said.</p>"
        b"<p>The levy would raise $14 million a year, according to the budget office.</p>"
        b"</article></body></html>")


def _articles(session) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count(Article.id)))


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def signed_in(client, checker, login):
    login(checker)
    return client


@pytest.fixture
def page_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            status, body = (200, PAGE) if self.path == "/levy" else (404, b"gone")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def _save(client, **data):
    return client.post("/articles/new", data={"action": "save", **data},
                       content_type="multipart/form-data")


def _article_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    found = re.search(r"/articles/(\d+)", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def test_pasted_text_leads_to_the_reading_view_with_claims_highlighted(signed_in, session):
    article_id = _article_id(_save(signed_in, text=STORY))
    page = signed_in.get(f"/articles/{article_id}")
    html = _text(page)
    assert page.status_code == 200
    assert "Saved, with 2 claims found." in html
    assert len(re.findall(r'<mark class="claim ', html)) == 2
    assert "half-cent sales tax" in html


def test_the_article_page_tells_who_may_add_claims_to_select_text(signed_in, session, login,
                                                                  admin):
    article_id = _article_id(_save(signed_in, text=STORY))
    hint = "Select any text, even inside a claim, to make a claim of it."
    assert hint in _text(signed_in.get(f"/articles/{article_id}"))
    first = session.scalar(sa.select(sa.func.min(Claim.id)).where(Claim.article_id == article_id))
    review_page = _text(signed_in.get(f"/claims/{first}/review"))
    assert "Click a highlighted claim to review it" in review_page and hint not in review_page
    signed_in.post("/logout")
    login(admin)  # reads articles, may not add claims
    page = _text(signed_in.get(f"/articles/{article_id}"))
    assert "Click a highlighted claim to open it" in page and hint not in page


@pytest.mark.parametrize(("filename", "body", "title"), [
    ("levy.txt", STORY.encode(), "Council approves transit levy"),
    ("levy.html", PAGE, "Levy approved"),
])
def test_uploaded_files_become_articles(signed_in, session, filename, body, title):
    article_id = _article_id(_save(signed_in, upload=(io.BytesIO(body), filename)))
    article = session.get(Article, article_id)
    assert article.title == title and article.claims
    if filename.endswith(".html"):
        assert (article.outlet, article.byline) == ("Millbrook Ledger", "Ana Ruiz")


def allow_private_addresses(app, monkeypatch):
    """The test's page server is on this machine, a private address."""
    settings = replace(settings_of(app.config), fetch_allow_private=True)
    monkeypatch.setitem(app.config, SETTINGS_KEY, settings)


def test_fetching_a_local_page_through_the_form(app, signed_in, session, page_server,
                                                 monkeypatch):
    allow_private_addresses(app, monkeypatch)
    article_id = _article_id(_save(signed_in, fetch_url=f"{page_server}/levy"))
    article = session.get(Article, article_id)
    assert article.url == f"{page_server}/levy" and article.outlet == "Millbrook Ledger"
    assert any("$14 million" in claim.text for claim in article.claims)


@pytest.mark.parametrize(("data", "message"), [
    ({"text": "   \n  "}, "Paste the article, upload a file or give an address."),
    ({"upload": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.txt")}, "binary"),
    ({"upload": ("café".encode("latin-1") * 50, "notes.txt")}, "not UTF-8"),
    ({"upload": (b"%PDF-1.7 ...", "story.pdf")}, "Upload a .txt, .md, .html"),
    ({"fetch_url": "javascript:alert(1)"}, "Only http:// and https://"),
    ({"fetch_url": "http://127.0.0.1:9/levy"}, "private or local"),
    ({"fetch_url": "http://10.0.0.8/story"}, "private or local"),
])
def test_bad_input_gives_a_clear_message_and_saves_nothing(signed_in, session, data, message):
    before = _articles(session)
    if "upload" in data:  # a fresh file object per run: the client closes it
        raw, name = data["upload"]
        data = {"upload": (io.BytesIO(raw), name)}
    response = _save(signed_in, **data)
    assert response.status_code == 400
    assert message in _text(response)
    assert _articles(session) == before


def test_a_page_that_answers_404_saves_nothing(app, signed_in, session, page_server,
                                               monkeypatch):
    allow_private_addresses(app, monkeypatch)
    response = _save(signed_in, fetch_url=f"{page_server}/missing")
    assert "HTTP 404" in _text(response)
    assert _articles(session) == 0


def test_the_same_article_twice_leads_to_the_first(signed_in, session):
    first = _article_id(_save(signed_in, text=STORY))
    second = _save(signed_in, text=STORY)
    assert _article_id(second) == first
    assert "already here" in _text(signed_in.get(second.headers["Location"]))
    assert _articles(session) == 1


def test_details_are_loaded_for_correction_then_saved(signed_in, session):
    text = fixture_text("council_vote.txt")
    loaded = signed_in.post("/articles/new", data={"action": "load", "text": text})
    html = _text(loaded)
    assert loaded.status_code == 200 and _articles(session) == 0
    assert 'value="City council approves transit levy after heated debate"' in html
    assert 'value="Marta Alvarez"' in html and 'value="2025-03-14"' in html
    saved = signed_in.post("/articles/new", data={
        "action": "save", "text": text, "title": "Millbrook approves transit tax",
        "outlet": "Associated Press", "byline": "Marta Alvarez", "published": "2025-03-15"})
    article = session.get(Article, _article_id(saved))
    assert article.title == "Millbrook approves transit tax"
    assert article.published_on.isoformat() == "2025-03-15"


def test_article_list_searches_and_filters(signed_in, session, checker):
    actor = acting(session, checker)
    levy = save_article(session, actor, STORY, outlet="Millbrook Ledger").article
    flood = save_article(session, actor, fixture_text("afp_flood.txt")).article
    dismissed = levy.claims[0]
    claim_service.update_details(session, actor, dismissed, kind=dismissed.kind,
                                 not_a_claim=True, expected_version=dismissed.version)
    session.commit()
    by_outlet = _text(signed_in.get("/articles?q=ledger"))
    assert levy.title in by_outlet and flood.title not in by_outlet
    by_title = _text(signed_in.get("/articles?q=FLOODS"))
    assert flood.title in by_title and levy.title not in by_title
    by_status = _text(signed_in.get("/articles?status=not_a_claim"))
    assert levy.title in by_status and flood.title not in by_status
    nonsense = signed_in.get("/articles?status=bogus&page=99999999999999999999")
    assert nonsense.status_code == 200


def _relay_memo(session, checker):
    """The relayed-memo wire story and its claim resting on a chain."""
    article = save_article(session, acting(session, checker),
                           fixture_text("relay_memo.txt")).article
    return article, next(claim for claim in article.claims
                         if claim.text.startswith("North Korea sent"))


def test_reading_view_shows_the_chain_of_the_selected_claim(signed_in, session, checker):
    article, memo = _relay_memo(session, checker)
    html = _text(signed_in.get(f"/articles/{article.id}?claim={memo.id}"))
    chain = html[html.index('<ol class="chain"'):]
    chain = chain[:chain.index("</ol>")]
    assert chain.index(">Financial Times</a>") < chain.index(">sources</a>")
    assert "“told”" in chain
    assert f'id="claim-{memo.id}"' in html and "selected" in html


def test_claim_list_rows_name_each_claims_sources_and_link_to_it(signed_in, session, checker):
    article, memo = _relay_memo(session, checker)
    html = _text(signed_in.get(f"/articles/{article.id}"))
    listed = html[html.index('<ol class="claims">'):]
    listed = listed[:listed.index("</ol>")]
    row = next(item for item in listed.split("<li ")
               if f"claim={memo.id}&amp;" in item or f"claim={memo.id}#" in item)
    assert '<span class="list-source">Financial Times › sources</span>' in row
    assert "status-new" in row and row.count("<li") == 0
    assert listed.count("<li ") == len([c for c in article.claims
                                         if c.status.value != "not_a_claim"])


def test_claims_can_be_listed_by_check_worthiness(signed_in, session, checker):
    article = save_article(session, acting(session, checker),
                           fixture_text("relay_memo.txt")).article
    html = _text(signed_in.get(f"/articles/{article.id}?order=worthiness"))
    listed = html[html.index('<ol class="claims">'):]
    ids = [int(found) for found in re.findall(r"claim=(\d+)", listed)]
    worthiness = {claim.id: claim.checkworthiness for claim in article.claims}
    scores = [worthiness[claim_id] for claim_id in ids if claim_id in worthiness]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 10


def test_stored_markup_is_shown_as_text(signed_in, session, checker):
    actor = acting(session, checker)
    evil = ("<script>alert('headline')</script> Port closes\n\n"
            "The port closed on Monday, <script>alert(1)</script> the harbour master said.")
    article = save_article(session, actor, evil).article
    source = session.scalars(sa.select(Source)).first()
    source.name = "<script>alert('source')</script>"
    session.commit()
    claim = article.claims[0]
    for url in (f"/articles/{article.id}?claim={claim.id}", "/articles", "/sources",
                f"/sources/{source.id}", f"/claims/{claim.id}/edit"):
        html = _text(signed_in.get(url))
        assert "<script>alert(" not in html, url
        assert "&lt;script&gt;alert(" in html, url


def _bulk(session, checker, first: int, count: int) -> Article:
    actor = acting(session, checker)
    article = None
    for number in range(first, first + count):
        text = (f"Bulletin {number}\n\n"
                f"Exports fell {number}% in May, Reuters reported, citing officials.\n\n"
                f"The mine employs {number * 10} people, sources told the FT.\n\n"
                f"Output will double by 2027, the ministry of number {number} said.")
        article = save_article(session, actor, text).article
    assert article is not None
    return article


def test_statement_counts_do_not_grow_with_the_data(app, signed_in, session, checker):
    small = _bulk(session, checker, 1, 2)
    urls = ["/articles", "/sources", f"/articles/{small.id}"]
    before = [statements_for(app, signed_in, url) for url in urls]
    large = _bulk(session, checker, 100, 12)
    grown = "\n\n".join(f"Port {n} handled {n}m tonnes, the {n}th Gazette said." for n in range(30))
    big = save_article(session, acting(session, checker), grown).article
    assert len(big.claims) >= 25 and large.id
    urls[2] = f"/articles/{big.id}"
    after = [statements_for(app, signed_in, url) for url in urls]
    assert after == before


def test_viewers_cannot_add_articles(client, admin, login, session):
    login(admin)
    assert client.get("/articles/new").status_code == 403
    assert _save(client, text=STORY).status_code == 403
    assert _articles(session) == 0
