"""The claim page: reviewing, blind review, editor decisions, conflicts."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.models.claim import Claim
from factcheck.models.review import Evidence, Review
from factcheck.models.verdict import Verdict
from tests.support.desk import Desk
from tests.support.workflow import story_claims


@pytest.fixture
def claim_id(session, editor):
    return story_claims(session, editor)[1].id


def _review(client, claim_id, action="submit", version="", **fields):
    data = {"action": action, "version": version, "truth": "true", "attribution": "accurate",
            "rationale": "Checked against the filing.", "evidence-0-url": "",
            "evidence-0-title": "", "evidence-0-stance": "context", "evidence-0-note": ""}
    data.update(fields)
    return client.post(f"/claims/{claim_id}/review", data=data)


def test_checker_submits_a_review(client, checker, login, claim_id, session):
    login(checker)
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "Review this claim" in page and 'data-key="1"' in page
    response = _review(client, claim_id, **{"evidence-0-url": "https://filings.example/1",
                                            "evidence-0-title": "Filing"})
    assert response.status_code == 302
    review = session.scalar(sa.select(Review).where(Review.claim_id == claim_id))
    assert review.is_submitted and review.evidence[0].title == "Filing"
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "Checked against the filing." in page


def test_adding_and_removing_evidence_keeps_what_was_typed(client, checker, login, claim_id):
    login(checker)
    response = _review(client, claim_id, action="add_evidence",
                       rationale="half-written thought", **{"evidence-0-title": "First source"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "half-written thought" in page and 'value="First source"' in page
    assert 'name="evidence-1-url"' in page
    response = _review(client, claim_id, action="remove_evidence-0", rationale="still here",
                       **{"evidence-0-title": "drop me", "evidence-1-title": "keep me",
                          "evidence-1-stance": "refutes"})
    page = response.get_data(as_text=True)
    assert "drop me" not in page and 'value="keep me"' in page and "still here" in page


def test_blind_review_in_the_page(client, make_user, login, claim_id, session):
    first = make_user(email="first@example.org", role="checker")
    second = make_user(email="second@example.org", role="checker")
    login(first)
    _review(client, claim_id, rationale="my private reasoning")
    client.post("/logout")
    login(second)
    page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert "my private reasoning" not in page
    assert "1 other review(s) hidden" in page


def test_stale_save_gets_409_and_keeps_typed_text(client, checker, login, claim_id, session):
    login(checker)
    _review(client, claim_id, action="draft", rationale="first draft")
    opened = session.scalar(sa.select(Review.version).where(Review.claim_id == claim_id))
    _review(client, claim_id, action="draft", version=str(opened), rationale="from tab one")
    response = _review(client, claim_id, action="draft", version=str(opened),
                       rationale="from tab two, typed carefully")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "from tab two, typed carefully" in page  # kept in the form
    assert "from tab one" in page  # and what is saved, beside it
    assert session.scalar(sa.select(Review.rationale).where(Review.claim_id == claim_id)) \
        == "from tab one"


def test_editor_decides_and_publishes(client, make_user, editor, login, claim_id, session):
    for email in ("r1@example.org", "r2@example.org"):
        login(make_user(email=email, role="checker"))
        _review(client, claim_id)
        client.post("/logout")
    login(editor)
    version = session.scalar(sa.select(Claim.version).where(Claim.id == claim_id))
    response = client.post(f"/claims/{claim_id}/decide", data={
        "version": str(version), "rating": "true", "public_rationale": "Filing confirms it."})
    assert response.status_code == 302
    version = session.scalar(sa.select(Claim.version).where(Claim.id == claim_id))
    response = client.post(f"/claims/{claim_id}/publish", data={
        "version": str(version), "correction_note": ""})
    assert response.status_code == 302
    verdict = session.scalar(sa.select(Verdict).where(Verdict.claim_id == claim_id))
    assert verdict.published_at is not None
    article_page = client.get(f"/claims/{claim_id}").headers["Location"]
    page = client.get(article_page).get_data(as_text=True)
    assert "rating-true" in page
    # Published: the review page links to the public page, which shows it.
    review_page = client.get(f"/claims/{claim_id}/review").get_data(as_text=True)
    assert f'<a href="/fact-checks/{claim_id}">Public page</a>' in review_page
    client.post("/logout")
    public = client.get(f"/fact-checks/{claim_id}").get_data(as_text=True)
    assert verdict.claim_text in public and "Filing confirms it." in public


def test_checker_cannot_post_a_decision(client, checker, login, claim_id):
    login(checker)
    assert client.post(f"/claims/{claim_id}/decide", data={"version": "1", "rating": "true",
                                                           "public_rationale": "x"}
                       ).status_code == 403


def test_queues_and_notifications_pages(client, make_user, editor, login, claim_id, session):
    one = make_user(email="q1@example.org", role="checker")
    login(editor)
    version = session.scalar(sa.select(Claim.version).where(Claim.id == claim_id))
    assert client.post(f"/claims/{claim_id}/assign", data={
        "version": str(version), "assignee": str(one.id)}).status_code == 302
    client.post("/logout")
    login(one)
    home = client.get("/").get_data(as_text=True)
    assert 'class="unread-count"' in home
    page = client.get("/queues?queue=mine").get_data(as_text=True)
    assert f"/claims/{claim_id}/review" in page
    assert "assigned to you" in client.get("/notifications").get_data(as_text=True)
    client.post("/notifications/read")
    assert 'class="unread-count"' not in client.get("/").get_data(as_text=True)


def test_a_queue_tab_past_the_cap_says_so(client, checker, login, claim_id, monkeypatch):
    from factcheck.services.review import queues

    monkeypatch.setattr(queues, "COUNT_CAP", 1)
    login(checker)
    page = client.get("/queues?queue=unassigned").get_data(as_text=True)
    assert '<span class="count">1+</span>' in page


def test_the_unassigned_queue_pages_past_its_first_hundred_claims(client, checker, login,
                                                                  session):
    """It used to stop at 100 rows without a word: claim 101 was nowhere."""
    from tests.support.desk import Desk

    desk = Desk(session)
    made = []
    for _ in range(3):
        made += desk.article(claims=45)[1]
    session.commit()
    login(checker)
    seen: list[str] = []
    url = "/queues?queue=unassigned"
    for _ in range(5):
        page = client.get(url).get_data(as_text=True)
        seen += [claim.text for claim in made if f">{claim.text}</a>" in page]
        found = re.search(r'href="([^"]+)">Next', page)
        if not found:
            break
        url = html.unescape(found.group(1))
    assert sorted(seen) == sorted(claim.text for claim in made)
    assert "Claims 101–135" in page


def test_an_assigned_claims_review_page_costs_no_statement_more(app, client, make_user, login,
                                                                claim_id, session):
    """The assignee's name comes with the claim, not from a lazy load while
    the page renders."""
    from tests.support.querycount import statements_for

    reader = make_user(email="reader@example.org", role="checker")
    login(reader)
    unassigned = statements_for(app, client, f"/claims/{claim_id}/review")
    colleague = make_user(email="colleague@example.org", name="Ines Okoro")
    session.get(Claim, claim_id).assignee_id = colleague.id
    session.commit()
    assigned = statements_for(app, client, f"/claims/{claim_id}/review")
    assert assigned == unassigned
    assert "assigned to Ines Okoro" in client.get(f"/claims/{claim_id}/review").get_data(
        as_text=True)


def test_the_review_page_joins_article_verdicts_evidence_and_versions_to_what_it_reads(
        app, client, login, checker, session):
    """The article, the claim's verdicts and each review's evidence and
    earlier versions come joined to the claim and the reviews, not as
    statements of their own."""
    from tests.support.querycount import page_and_statements

    desk = Desk(session)
    _, (claim, _other) = desk.article(claims=2)
    desk.chain(claim, desk.source("Harbour Authority"), desk.source("Dock Workers Union"))
    desk.chain(claim, desk.source("Second Chain Outlet"))
    desk.verdict(claim, TruthRating.FALSE)
    review = desk.review(claim, checker, TruthRating.FALSE)
    for position, url in enumerate(("https://example.org/ledger", "https://example.org/minutes")):
        session.add(Evidence(review_id=review.id, position=position, url=url,
                             stance=EvidenceStance.REFUTES))
    session.commit()
    login(checker)
    page, statements = page_and_statements(app, client, f"/claims/{claim.id}/review")
    assert 'id="article-body"' in page and "Dock Workers Union" in page
    assert page.index("example.org/ledger") < page.index("example.org/minutes")
    own = [s.lstrip().split(" ", 2)[1].split(".")[0] for s in statements
           if s.lstrip().startswith("SELECT ")]
    assert not {"articles", "verdicts", "evidence", "review_revisions"} & set(own), own


@pytest.mark.parametrize(("second", "claimant"), [
    (AttributionRating.ACCURATE, "Dock Workers Union"),  # the innermost source
    (AttributionRating.MISATTRIBUTED, "Quay Ledger"),  # no agreement: the outlet's words
])
def test_the_decision_form_proposes_the_claimant_the_reviews_agree_on(
        app, client, login, editor, session, second, claimant):
    from tests.support.querycount import page_and_statements

    desk = Desk(session)
    _, (claim, _other) = desk.article(outlet="Quay Ledger", claims=2)
    desk.chain(claim, desk.source("Harbour Authority"), desk.source("Dock Workers Union"))
    desk.review(claim, desk.person("First Reviewer"), TruthRating.FALSE)
    desk.review(claim, desk.person("Second Reviewer"), TruthRating.FALSE, attribution=second)
    desk.set(claim, status=ClaimStatus.REVIEWED if second is AttributionRating.ACCURATE
             else ClaimStatus.DISPUTED)
    session.commit()
    login(editor)
    page, statements = page_and_statements(app, client, f"/claims/{claim.id}/review")
    chosen = re.search(r'<option selected value="([^"]*)">', page.split('name="claimant"', 1)[1])
    assert chosen and html.unescape(chosen.group(1)) == claimant
    # The agreement comes from the reviews the page reads anyway.
    assert len([s for s in statements if "FROM reviews" in s]) == 1
