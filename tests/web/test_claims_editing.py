"""The claim editor through the web: split, merge, boundaries, chain
edits, adding a claim; a stale form gets a 409 that keeps what was typed."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict
from tests.support.articles import PORT_REOPENS as PORT
from tests.support.articles import acting, fixture_text, save_article


@pytest.fixture
def article(session, checker, client, login) -> Article:
    login(checker)
    saved = save_article(session, acting(session, checker), PORT)
    return session.get(Article, saved.article.id)


def _fresh(session, claim_id: int) -> Claim:
    session.expire_all()
    return session.get(Claim, claim_id)


def _events(session) -> int:
    return session.scalar(sa.select(sa.func.count(AuditEvent.seq)))


def test_edit_page_shows_the_claim_in_context_with_its_chain(client, article):
    claim = article.claims[1]
    html = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    assert "<mark>The stoppage cost the port" in html
    assert 'value="Unite union"' in html and 'value="internal figures"' in html


def test_split_through_the_form(client, session, article):
    claim = article.claims[1]
    response = client.post(f"/claims/{claim.id}/split", data={
        "version": claim.version, "second_starts_with": "the Unite union said"})
    assert response.status_code == 302
    session.expire_all()
    texts = [c.text for c in session.get(Article, article.id).claims]
    assert "The stoppage cost the port about $3 million a day," in texts
    assert "the Unite union said, citing internal figures." in texts
    assert "Claim split in two." in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_split_on_words_not_in_the_claim_is_a_clear_400(client, session, article):
    claim = article.claims[1]
    events = _events(session)
    response = client.post(f"/claims/{claim.id}/split", data={
        "version": claim.version, "second_starts_with": "nowhere to be seen"})
    assert response.status_code == 400
    assert "Those words were not found" in response.get_data(as_text=True)
    assert _events(session) == events


def test_merge_through_the_form(client, session, article):
    first, second = article.claims[2:4]
    response = client.post(f"/claims/{first.id}/merge", data={"version": first.version})
    assert response.status_code == 302
    assert _fresh(session, first.id).text.endswith("a week to clear.")
    assert _fresh(session, second.id).status is ClaimStatus.NOT_A_CLAIM


def test_boundaries_through_the_form_snap_to_words(client, session, article):
    claim = article.claims[0]
    start = article.body.index("busiest") + 2
    response = client.post(f"/claims/{claim.id}/boundaries", data={
        "version": claim.version, "start": start, "end": article.body.index("on Friday") + 4})
    assert response.status_code == 302
    assert _fresh(session, claim.id).text == "busiest container port reopened on Friday"


def test_details_mark_not_a_claim(client, session, article):
    claim = article.claims[3]
    response = client.post(f"/claims/{claim.id}/details", data={
        "version": claim.version, "kind": "opinion", "not_a_claim": "y"})
    assert response.status_code == 302
    fresh = _fresh(session, claim.id)
    assert fresh.status is ClaimStatus.NOT_A_CLAIM and fresh.kind.value == "opinion"


def test_hop_edits_through_the_forms(client, session, article):
    claim = article.claims[1]
    union, figures = claim.attributions[0].hops
    version = claim.version
    assert client.post(f"/claims/{claim.id}/hops/{union.id}", data={
        "version": version, "source_name": "Unite the Union", "kind": "organization",
        "cue": "said", "hedges": "", "inherited": ""}).status_code == 302
    version += 1
    assert client.post(f"/claims/{claim.id}/hops/{figures.id}/move", data={
        "version": version, "offset": "-1"}).status_code == 302
    version += 1
    assert client.post(f"/claims/{claim.id}/hops", data={
        "version": version, "attribution_id": "", "source_name": "Port of Felixstowe",
        "kind": "organization", "cue": "confirmed", "hedges": "reportedly"}).status_code == 302
    version += 1
    assert client.post(f"/claims/{claim.id}/hops/{figures.id}/delete", data={
        "version": version}).status_code == 302
    fresh = _fresh(session, claim.id)
    chains = [[hop.source.name for hop in chain.hops] for chain in fresh.attributions]
    assert chains == [["Unite the Union"], ["Port of Felixstowe"]]
    assert fresh.attributions[1].hops[0].hedge_list == ["reportedly"]
    assert fresh.version == version + 1



def test_a_source_added_to_the_end_of_an_existing_chain_lands_there(client, session, article):
    claim = article.claims[1]
    chain = claim.attributions[0]
    html = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    assert f'<option value="{chain.id}">the end of chain 1</option>' in html
    assert client.post(f"/claims/{claim.id}/hops", data={
        "version": claim.version, "attribution_id": str(chain.id),
        "source_name": "Port of Felixstowe", "kind": "organization"}).status_code == 302
    fresh = _fresh(session, claim.id)
    assert len(fresh.attributions) == 1
    assert [hop.source.name for hop in fresh.attributions[0].hops][-1] == "Port of Felixstowe"


def test_each_hop_form_has_fields_of_its_own(client, article):
    claim = article.claims[1]
    union, figures = claim.attributions[0].hops
    html = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    for hop in (union, figures):
        assert f'id="hop-{hop.id}-source_name"' in html
        assert f'for="hop-{hop.id}-source_name"' in html  # its label names it

def test_stale_hop_edit_is_a_409_that_keeps_what_was_typed(client, session, article):
    claim = article.claims[1]
    union = claim.attributions[0].hops[0]
    stale = claim.version
    # Someone else edits the claim first.
    assert client.post(f"/claims/{claim.id}/details", data={
        "version": stale, "kind": "opinion"}).status_code == 302
    events = _events(session)
    response = client.post(f"/claims/{claim.id}/hops/{union.id}", data={
        "version": stale, "source_name": "Unite Union Press Office", "kind": "organization",
        "cue": "announced", "hedges": "allegedly"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this claim" in html
    assert 'value="Unite Union Press Office"' in html and 'value="allegedly"' in html
    # The typed form now resubmits against the version saved meanwhile.
    assert (f'id="hop-{union.id}-version" name="version" type="hidden" '
            f'value="{stale + 1}"') in html
    assert _events(session) == events
    assert _fresh(session, claim.id).attributions[0].hops[0].source.name == "Unite union"


@pytest.mark.parametrize(("action", "data", "typed"), [
    ("boundaries", {"start": "60", "end": "90"}, 'value="60"'),
    ("split", {"second_starts_with": "after a five-day"}, 'value="after a five-day"'),
])
def test_stale_claim_edits_are_409_with_the_form_kept(client, session, article, action, data,
                                                      typed):
    claim = article.claims[0]
    stale = claim.version
    client.post(f"/claims/{claim.id}/details", data={"version": stale, "kind": "opinion"})
    response = client.post(f"/claims/{claim.id}/{action}", data={"version": stale, **data})
    assert response.status_code == 409
    assert typed in response.get_data(as_text=True)
    assert _fresh(session, claim.id).text == claim.text


def test_add_claim_from_a_selection_and_from_a_quote(client, session, article):
    first = article.claims[0]
    client.post(f"/claims/{first.id}/details", data={
        "version": first.version, "kind": first.kind.value, "not_a_claim": "y"})
    start = article.body.index("reopened on Friday")
    by_offsets = client.post(f"/articles/{article.id}/claims", data={
        "start": str(start), "end": str(start + 16), "quote": "", "kind": "factual"})
    assert by_offsets.status_code == 302 and "claim=" in by_offsets.headers["Location"]
    by_quote = client.post(f"/articles/{article.id}/claims", data={
        "start": "", "end": "", "quote": "five-day strike", "kind": "factual"})
    assert by_quote.status_code == 302
    session.expire_all()
    texts = {c.text for c in session.get(Article, article.id).claims}
    assert {"reopened on Friday", "five-day strike"} <= texts
    missing = client.post(f"/articles/{article.id}/claims", data={
        "quote": "words that are not there", "kind": "opinion"})
    assert missing.status_code == 400
    page = missing.get_data(as_text=True)
    assert "That text was not found in the article" in page
    # What was typed is still there to correct: the quote and the kind.
    assert re.search(r">\s*words that are not there</textarea>", page)
    assert re.search(r'<option selected value="opinion">|<option value="opinion" selected',
                     page)


def test_relay_memo_editor_lists_both_hops(client, session, checker, login):
    login(checker)
    saved = save_article(session, acting(session, checker), fixture_text("relay_memo.txt"))
    memo = next(c for c in saved.article.claims if c.text.startswith("North Korea sent"))
    html = client.get(f"/claims/{memo.id}/edit").get_data(as_text=True)
    assert html.index('value="Financial Times"') < html.index('value="sources"')


def test_edits_of_a_published_claim_are_a_clear_400_that_changes_nothing(client, session,
                                                                        article, editor):
    claim = article.claims[1]
    stored = _fresh(session, claim.id)
    session.add(Verdict(claim_id=claim.id, rating=TruthRating.TRUE, public_rationale="Yes.",
                        approved_by_id=editor.id, published_at=stored.created_at))
    stored.status = ClaimStatus.PUBLISHED
    session.commit()
    version, text, events = stored.version, stored.text, _events(session)
    assert "reopen it first" in client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    response = client.post(f"/claims/{claim.id}/boundaries", data={
        "version": version, "start": claim.start, "end": claim.end - 4})
    assert response.status_code == 400
    assert "an editor must reopen it first" in response.get_data(as_text=True)
    assert (_fresh(session, claim.id).text, _events(session)) == (text, events)


def test_a_merged_claim_says_where_it_went_and_its_history_shows_the_merge(client, session,
                                                                          article):
    first, second = article.claims[2:4]
    client.post(f"/claims/{first.id}/merge", data={"version": first.version})
    history = client.get(f"/claims/{second.id}/history").get_data(as_text=True)
    assert f"merged this claim into claim #{first.id}" in history
    page = client.get(f"/claims/{second.id}/edit").get_data(as_text=True)
    assert f"Merged into #{first.id}" in page
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f"merged into #{first.id}" in page


def test_adding_a_source_to_the_end_of_chain_one_extends_chain_one(client, session, article):
    """As a browser sends the form: "To: the end of chain 1" (the default)
    used to be overridden by an empty hidden field of the same name, and
    the source started a chain 2."""
    from werkzeug.datastructures import MultiDict

    from tests.support.html_forms import browser_fields

    claim = article.claims[1]
    chains_before = len(claim.attributions)
    hops_before = len(claim.attributions[0].hops)
    page = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    fields = [(name, value) for name, value in browser_fields(page, "hop-add")
              if name != "source_name"] + [("source_name", "Port finance office")]
    response = client.post(f"/claims/{claim.id}/hops", data=MultiDict(fields), csrf=False)
    assert response.status_code == 302
    fresh = _fresh(session, claim.id)
    assert len(fresh.attributions) == chains_before
    assert [hop.source.name for hop in fresh.attributions[0].hops][-1] == "Port finance office"
    assert len(fresh.attributions[0].hops) == hops_before + 1


def test_adding_a_source_as_a_new_chain_still_starts_one(client, session, article):
    from werkzeug.datastructures import MultiDict

    from tests.support.html_forms import browser_fields

    claim = article.claims[1]
    chains_before = len(claim.attributions)
    page = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    fields = [(name, "" if name == "attribution_id" else value)
              for name, value in browser_fields(page, "hop-add") if name != "source_name"]
    response = client.post(f"/claims/{claim.id}/hops",
                           data=MultiDict([*fields, ("source_name", "Harbour Gazette")]),
                           csrf=False)
    assert response.status_code == 302
    assert len(_fresh(session, claim.id).attributions) == chains_before + 1
