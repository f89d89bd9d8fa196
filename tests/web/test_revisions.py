"""Revisions through the web: a new text pasted, uploaded or fetched, the
word diff, bad input refused with nothing stored, and the stale-verdict
flow from the editor queue to the report."""

from __future__ import annotations

import html as html_lib
import io
from dataclasses import replace

import sqlalchemy as sa

from factcheck.config import SETTINGS_KEY, settings_of
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.models.claim import Claim
from factcheck.models.revision import ArticleRevision
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.page_server import serving
from tests.support.verdicts import publish

COST = "The stoppage cost the port about $3 million a day"


def _text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def _article(session, user, **details):
    return save_article(session, acting(session, user), PORT_REOPENS, **details).article


def _revisions(session) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(ArticleRevision))


def test_a_pasted_text_becomes_revision_two_with_a_word_diff(client, login, session, checker):
    article = _article(session, checker)
    login(checker)
    response = client.post(f"/articles/{article.id}/revisions",
                           data={"text": PORT_REOPENS.replace("five-day", "six-day")})
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "Revision 2 saved: " in page and "1 changed" in page
    assert "a <del>five</del><ins>six</ins>-day strike" in page
    assert "Pasted text" in page and "First ingest" in page


def test_an_uploaded_file_is_a_revision(client, login, session, checker):
    article = _article(session, checker)
    login(checker)
    new_text = PORT_REOPENS + "\n\nThe union said talks would resume on Monday."
    response = client.post(f"/articles/{article.id}/revisions",
                           data={"upload": (io.BytesIO(new_text.encode()), "port.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert "1 new claims" in _text(client.get(response.headers["Location"]))


def test_bad_input_gets_a_clear_message_and_stores_nothing(client, login, session, checker):
    article = _article(session, checker)
    login(checker)
    cases = [
        ({"text": "  "}, "Paste the new text, upload a file or fetch the page again."),
        ({"text": PORT_REOPENS}, "same as the article's current text"),
        ({"upload": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"), "photo.txt")}, "binary"),
        ({"fetch": "1"}, "no web address to fetch again"),
    ]
    for data, message in cases:
        response = client.post(f"/articles/{article.id}/revisions", data=data,
                               content_type="multipart/form-data")
        assert response.status_code == 400, data
        assert message in _text(response), data
    assert _revisions(session) == 0


def test_refetching_the_address_stores_the_page_as_it_is_now(app, client, login, session,
                                                              checker, monkeypatch):
    page = (b"<!doctype html><html><head><title>Port reopens</title></head><body><article>"
            b"<h1>Port reopens after strike</h1><p>Britain's busiest container port reopened "
            b"on Saturday after a six-day strike, its operator said.</p></article></body></html>")
    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        replace(settings_of(app.config), fetch_allow_private=True))
    with serving({"/port": page}) as base:
        article = _article(session, checker, url=f"{base}/port")
        login(checker)
        response = client.post(f"/articles/{article.id}/revisions", data={"fetch": "1"})
    assert response.status_code == 302, _text(response)[:500]
    assert _revisions(session) == 2
    assert "Fetched from its address" in _text(client.get(response.headers["Location"]))


def test_the_stale_flow_from_queue_to_report(client, login, session, checker, editor):
    article = _article(session, checker)
    claim = next(c for c in article.claims if COST in c.text)
    publish(session, claim, editor.id, TruthRating.FALSE)
    login(editor)
    response = client.post(f"/articles/{article.id}/revisions",
                           data={"text": PORT_REOPENS.replace("$3 million", "$4 million")})
    assert "1 verdicts to check again" in _text(client.get(response.headers["Location"]))
    report = _text(client.get(f"/articles/{article.id}/report"))
    assert "The article changed on" in report
    queue = _text(client.get("/stale"))
    assert "$3 million" in queue and "$4 million" in queue
    # Proposed sources read as chains of names, not as stored JSON.
    assert "<li>Unite union › internal figures</li>" in queue and '[["' not in queue
    stale_id = int(queue.split('id="stale-', 1)[1].split('"', 1)[0])
    refused = client.post(f"/stale/{stale_id}/confirm", data={"note": ""})
    assert refused.status_code == 400
    done = client.post(f"/stale/{stale_id}/confirm",
                       data={"note": "The outlet corrected the figure; the claim is still false."})
    assert done.status_code == 302
    assert "No stale verdicts." in _text(client.get("/stale"))
    report = _text(client.get(f"/articles/{article.id}/report"))
    assert "The article changed on" not in report
    assert "Article changed" in report and "still false" in report
    session.expire_all()
    assert session.get(Claim, claim.id).status is ClaimStatus.PUBLISHED


def test_reopening_from_the_queue(client, login, session, checker, editor):
    article = _article(session, checker)
    claim = next(c for c in article.claims if COST in c.text)
    publish(session, claim, editor.id, TruthRating.FALSE)
    login(editor)
    client.post(f"/articles/{article.id}/revisions",
                data={"text": PORT_REOPENS.replace("$3 million", "$4 million")})
    queue = _text(client.get("/stale"))
    stale_id = int(queue.split('id="stale-', 1)[1].split('"', 1)[0])
    session.expire_all()
    version = session.get(Claim, claim.id).version
    response = client.post(f"/stale/{stale_id}/reopen", data={
        "reason": "New figure.", "public_note": "The article's figure changed; rechecking.",
        "version": str(version)})
    assert response.status_code == 302, _text(response)[:800]
    session.expire_all()
    assert session.get(Claim, claim.id).status is not ClaimStatus.PUBLISHED


def test_checkers_cannot_open_the_stale_queue(client, login, checker):
    login(checker)
    assert client.get("/stale").status_code == 403
    assert 'href="/stale"' not in _text(client.get("/articles"))


def test_editors_find_the_stale_queue_in_the_navigation(client, login, editor):
    login(editor)
    page = _text(client.get("/articles"))
    assert 'href="/stale"' in page and ">Stale verdicts</a>" in page


def test_a_lost_claim_with_a_verdict_is_not_highlighted_on_other_words(client, login, session,
                                                                        checker, editor):
    ships = "More than 40 ships waited off the coast."
    article = _article(session, checker)
    claim = next(c for c in article.claims if c.text == ships)
    publish(session, claim, editor.id, TruthRating.TRUE)
    login(editor)
    client.post(f"/articles/{article.id}/revisions",
                data={"text": PORT_REOPENS.replace(ships + " ", "")})
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'data-claim-id="{claim.id}"' not in page
    assert "lost" in _text(client.get("/stale")).lower()
