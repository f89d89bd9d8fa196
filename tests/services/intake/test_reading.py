"""The reading view: an article's claims as light rows for the highlights
and the list, and the one selected claim in full."""

from __future__ import annotations

from factcheck.domain.claims import ClaimStatus
from factcheck.models.claim import Claim
from factcheck.services.intake.reading import reading_view
from tests.support.articles import acting, fixture_text, save_article


def _loaded_claims(session) -> list[Claim]:
    return [thing for thing in session.identity_map.values() if isinstance(thing, Claim)]


def test_the_claims_come_as_rows_and_only_the_selected_one_in_full(session, checker):
    actor = acting(session, checker)
    article_id = save_article(session, actor, fixture_text("relay_memo.txt")).article.id
    for claim in _loaded_claims(session):  # as a later request starts: none loaded
        session.expunge(claim)

    view = reading_view(session, actor, article_id, details=False)
    assert len(view.claims) >= 3
    # The highlights and the claim list read spans, statuses and texts:
    # none of the claims was made into a mapped object to show them.
    assert _loaded_claims(session) == []
    body = view.article.body
    assert all(body[line.start:line.end] == line.text for line in view.claims)
    assert all(line.status is ClaimStatus.NEW for line in view.claims)
    assert view.selected is None

    memo = next(line for line in view.claims if line.text.startswith("North Korea sent"))
    view = reading_view(session, actor, article_id, selected=memo.id)
    assert view.selected is not None and view.selected.id == memo.id
    assert [claim.id for claim in _loaded_claims(session)] == [memo.id]
    assert [hop.source.name for hop in view.selected.attributions[0].hops] == [
        "Financial Times", "sources"]
    assert view.first_sources[memo.id] == ["Financial Times", "sources"]


def test_a_claim_of_another_article_is_not_selected(session, checker):
    actor = acting(session, checker)
    first = save_article(session, actor, fixture_text("relay_memo.txt"))
    second = save_article(session, actor, fixture_text("council_vote.txt"))
    elsewhere = reading_view(session, actor, second.article.id, details=False).claims[0]
    view = reading_view(session, actor, first.article.id, selected=elsewhere.id)
    assert view.selected is None
