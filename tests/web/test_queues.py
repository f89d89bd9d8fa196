"""Queues land where the work is, and notifications show the whole claim."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.models.claim import Claim
from factcheck.services.review import workflow
from tests.support.articles import acting
from tests.support.desk import Desk
from tests.support.querycount import page_and_statements
from tests.support.workflow import story_claims


def _current_tab(page: str) -> str:
    found = re.search(r'aria-current="page">([^<]+)<', page.split('class="tabs"', 1)[1])
    assert found, "no current tab"
    return found.group(1).strip()


def test_an_editor_lands_on_ready_to_approve_then_disputed_before_new_claims(
        client, login, editor, session):
    desk = Desk(session)
    _, claims = desk.article(claims=2)
    login(editor)
    # Nothing to decide yet: new claims (editors review too).
    assert _current_tab(client.get("/queues").get_data(as_text=True)) == "Unassigned"
    desk.set(claims[0], status=ClaimStatus.DISPUTED)
    session.commit()
    assert _current_tab(client.get("/queues").get_data(as_text=True)) == "Disputed"
    desk.set(claims[1], status=ClaimStatus.REVIEWED)
    session.commit()
    assert _current_tab(client.get("/queues").get_data(as_text=True)) == "Ready to approve"
    # A tab asked for by name is the tab shown.
    page = client.get("/queues?queue=mine").get_data(as_text=True)
    assert _current_tab(page) == "My claims"


def test_a_checker_with_nothing_assigned_lands_on_new_claims(client, login, checker, editor,
                                                             session):
    story_claims(session, acting(session, editor))
    login(checker)
    assert _current_tab(client.get("/queues").get_data(as_text=True)) == "Unassigned"


def test_notifications_show_the_whole_claim(client, login, checker, editor, session):
    claims = story_claims(session, acting(session, editor))
    longest = max(claims, key=lambda claim: len(claim.text))
    long_text = longest.text + " " + "and more words to make it long " * 8
    session.execute(sa.update(Claim).where(Claim.id == longest.id).values(text=long_text))
    session.commit()
    session.expire_all()
    claim = session.get(Claim, longest.id)
    workflow.assign(session, acting(session, editor), claim.id, acting(session, checker),
                    claim.version)
    session.commit()
    login(checker)
    page = html.unescape(client.get("/notifications").get_data(as_text=True))
    assert "A claim was assigned to you: " + long_text.strip() in page


def _row_of(page: str, claim: Claim) -> str:
    start = page.index(f'/claims/{claim.id}/review"')
    return page[start:page.index("</tr>", start)]


def test_a_queue_row_shows_the_first_chain_the_reviews_in_and_who_holds_it(
        client, login, editor, session):
    desk = Desk(session)
    article, (held, free) = desk.article(outlet="Quay Ledger", claims=2)
    agency, minister, later = desk.source("Port Agency"), desk.source("Harbour Minister"), \
        desk.source("Second Chain Source")
    desk.chain(held, agency, minister)
    desk.chain(held, later)
    desk.set(held, status=ClaimStatus.IN_REVIEW, assignee=desk.person("Rhea Holder"))
    desk.review(held, desk.person("First Reviewer"), TruthRating.TRUE)
    desk.review(held, desk.person("Drafting Reviewer"), None, submitted=False)
    session.commit()
    login(editor)
    page = html.unescape(client.get("/queues?queue=mine").get_data(as_text=True))
    assert "Nothing in this queue." in page
    page = html.unescape(client.get("/queues?queue=second_review").get_data(as_text=True))
    row = _row_of(page, held)
    assert "Port Agency › Harbour Minister" in row and "Second Chain Source" not in row
    assert "1 / 2" in row  # the draft does not count
    assert "Rhea Holder" in row and article.title in row and "(Quay Ledger)" in row
    page = html.unescape(client.get("/queues?queue=unassigned").get_data(as_text=True))
    assert "—" in _row_of(page, free) and f"/claims/{held.id}/review" not in page


def test_the_header_counts_unread_notifications_in_the_statement_that_loads_the_user(
        app, client, login, checker, editor, session):
    claims = story_claims(session, acting(session, editor))
    for claim in claims[:2]:
        workflow.assign(session, acting(session, editor), claim.id, acting(session, checker),
                        claim.version)
    session.commit()
    login(checker)
    home, statements = page_and_statements(app, client, "/")
    assert '<span class="unread-count" aria-label="2 unread">2</span>' in home
    # Every page shows the count: it comes with the signed-in user, not as
    # a statement of its own.
    counting = [s for s in statements if "notifications" in s]
    assert len(counting) == 1 and "FROM users" in counting[0]
    client.post("/notifications/read")
    assert 'class="unread-count"' not in client.get("/").get_data(as_text=True)


def test_the_tabs_are_counted_in_one_statement(app, client, login, editor, session):
    desk = Desk(session)
    _, claims = desk.article(claims=3)
    desk.set(claims[0], status=ClaimStatus.DISPUTED)
    desk.set(claims[1], status=ClaimStatus.REVIEWED)
    session.commit()
    login(editor)
    page, statements = page_and_statements(app, client, "/queues")
    assert _current_tab(page) == "Ready to approve"  # what an editor sees first
    counting = [s for s in statements if "count(*)" in s.lower()]
    assert len(counting) == 1, counting
