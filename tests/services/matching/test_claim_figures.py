"""Stored matches: a claim is matched once its article is saved, and again
when verdicts arrive; pages read what was stored, on each database."""

from __future__ import annotations

import json

import sqlalchemy as sa

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.extraction.model import ExtractedClaim, Extraction, Metadata
from factcheck.domain.jobs import JobKind
from factcheck.domain.ratings import TruthRating
from factcheck.models.claim_match import ClaimMatch, ClaimMatchFigure
from factcheck.models.job import Job
from factcheck.services.claims import editing
from factcheck.services.intake.articles import create_article
from factcheck.services.intake.text_input import Draft
from factcheck.services.matching.claim_figures import _merge, refresh_claims
from factcheck.services.matching.claimreview_import import import_bytes
from factcheck.services.matching.search import Match, Thresholds
from factcheck.services.matching.suggestions import article_suggestions, suggestions_for_claims
from factcheck.services.review import verdicts
from factcheck.worker.runner import Outcome, run_job
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.querycount import count_statements
from tests.support.verdicts import make_article
from tests.support.workflow import acting

SHOWN = Thresholds(similar=0.1, likely_same=0.6)


def imported(session, *texts: str, first: int = 0) -> None:
    items = [review(first + number, claimReviewed=text, headline="")
             for number, text in enumerate(texts)]
    import_bytes(session, SYSTEM, json.dumps(items).encode(), "checked.json")
    session.commit()


def best(session, claim_id: int) -> float | None:
    return session.scalar(sa.select(ClaimMatchFigure.best_similarity)
                          .where(ClaimMatchFigure.claim_id == claim_id))


def shown(session, claims) -> dict[int, list[str]]:
    found = suggestions_for_claims(SYSTEM, session, [(c.id, c.text) for c in claims], 5,
                                   thresholds=SHOWN)
    return {claim_id: [item.claim_text for item in items] for claim_id, items in found.items()}


def _matched_article(app, session, editor):
    imported(session, "Ferries will stop running on Sundays from May",
             "The new stadium cost the city 400 million euros")
    text = "Ferries stop running on Sundays in May. Parking downtown is free at night."
    first, second = text.split(". ")
    first += "."
    extraction = Extraction(metadata=Metadata(), blocks=(), text=text, claims=(
        ExtractedClaim(text=first, start=0, end=len(first), kind=ClaimKind.FACTUAL,
                       checkworthiness=0.5),
        ExtractedClaim(text=second, start=len(first) + 1, end=len(text),
                       kind=ClaimKind.FACTUAL, checkworthiness=0.5)))
    saved = create_article(session, acting(session, editor), Draft(text=text, title="Ferries"),
                           extraction)
    session.commit()
    # Matched by the job the save enqueued (tests/services/matching/test_background.py).
    (job_id,) = session.scalars(sa.select(Job.id).where(Job.kind == JobKind.CLAIM_MATCHING))
    assert run_job(app, job_id) is Outcome.SUCCEEDED
    session.expire_all()
    return saved.article


def test_the_article_and_review_pages_read_stored_matches_by_article_and_by_claim(
        app, session, editor):
    """The article page asks by article (one statement whatever its number
    of claims), the review page by its one claim: both read only what was
    stored, and only for the claims asked about."""
    article = _matched_article(app, session, editor)
    ferries, parking = article.claims
    expected = shown(session, [ferries, parking])
    for asked in ([ferries, parking], [ferries], [parking]):
        with count_statements(session.get_bind().engine) as log:
            found = article_suggestions(SYSTEM, session, article.id,
                                        [(c.id, c.text) for c in asked], 5,
                                        thresholds=SHOWN).found
        assert {claim_id: [item.claim_text for item in items]
                for claim_id, items in found.items()} == {c.id: expected[c.id] for c in asked}
        assert log.count <= 4, log.statements  # no search for any claim


def test_saving_an_article_matches_its_claims_and_the_page_reads_them(app, session, editor):
    ferries, parking = _matched_article(app, session, editor).claims
    assert best(session, ferries.id) > 0.6
    assert best(session, parking.id) == 0.0
    with count_statements(session.get_bind().engine) as log:
        assert shown(session, [ferries, parking]) == {
            ferries.id: ["Ferries will stop running on Sundays from May"], parking.id: []}
    # Stored matches, then the verdicts behind them: no search per claim.
    assert log.count <= 4, log.statements


def test_a_verdict_imported_later_reaches_the_claims_already_on_the_desk(session, editor):
    imported(session, "The new stadium cost the city 400 million euros")
    user = acting(session, editor)
    _, claims = make_article(session, user.id, ["Tram fares in the old town fell by half",
                                                "The stadium cost 400 million euros"])
    refresh_claims(session, claims)
    session.commit()
    tram, stadium = claims
    assert shown(session, [tram]) == {tram.id: []}
    before = best(session, stadium.id)

    imported(session, "Tram fares in the old town were cut by half", first=10)
    assert shown(session, [tram]) == {tram.id: ["Tram fares in the old town were cut by half"]}
    assert best(session, tram.id) > 0.6
    assert best(session, stadium.id) == before  # nothing about trams reaches it

    # Re-imported with other words, the review no longer matches the tram claim.
    imported(session, "Lighthouse keepers earn more than judges", first=10)
    assert shown(session, [tram]) == {tram.id: []}
    assert best(session, tram.id) == 0.0


def test_a_claim_matched_before_any_verdict_existed_is_found_when_one_arrives(session, editor):
    user = acting(session, editor)
    _, claims = make_article(session, user.id, ["Night buses return to the harbour line"])
    refresh_claims(session, claims)  # the index is empty: nothing to find yet
    session.commit()
    imported(session, "Night buses are back on the harbour line")
    assert shown(session, claims) == {claims[0].id: ["Night buses are back on the harbour line"]}


def test_our_published_verdict_reaches_other_claims_but_never_its_own(session, editor):
    user = acting(session, editor)
    _, (checked,) = make_article(session, user.id, ["Tram fares in the old town fell by half"])
    _, (again,) = make_article(session, user.id, ["Tram fares in the old town fell by half"],
                               outlet="Evening Star")
    refresh_claims(session, [checked, again])
    checked.status = ClaimStatus.REVIEWED
    session.commit()
    verdicts.decide(session, user, checked.id, rating=TruthRating.MOSTLY_TRUE,
                    public_rationale="Fares fell by 45 percent.",
                    expected_version=checked.version)
    verdicts.publish(session, user, checked.id, correction_note="",
                     expected_version=checked.version)
    session.commit()
    found = suggestions_for_claims(SYSTEM, session, [(again.id, again.text),
                                                     (checked.id, checked.text)], 5,
                                   thresholds=SHOWN)
    assert [(item.claim_id, item.publisher) for item in found[again.id]] == [
        (checked.id, "Our desk")]
    assert found[checked.id] == []
    assert best(session, again.id) == 1.0 and best(session, checked.id) == 0.0


def test_an_edited_claim_is_matched_as_it_reads_now(session, editor):
    imported(session, "Ferries will stop running on Sundays from May",
             "School lunches will be free for every pupil from September")
    user = acting(session, editor)
    _, claims = make_article(session, user.id, [
        "Ferries stop running on Sundays. School lunches will be free for every pupil"])
    refresh_claims(session, claims)
    session.commit()
    claim = claims[0]
    twin = editing.split_claim(session, user, claim, claim.text.index("School"), claim.version)
    session.commit()
    assert shown(session, [claim, twin]) == {
        claim.id: ["Ferries will stop running on Sundays from May"],
        twin.id: ["School lunches will be free for every pupil from September"]}
    stored = set(session.execute(sa.select(ClaimMatch.claim_id)).scalars())
    assert {claim.id, twin.id} <= stored


def test_a_claim_with_nothing_stored_is_searched_for_on_the_spot(session, editor):
    imported(session, "Ferries will stop running on Sundays from May")
    user = acting(session, editor)
    _, claims = make_article(session, user.id, ["Ferries stop running on Sundays"])
    # Written without the intake service (as before matches were stored).
    assert best(session, claims[0].id) is None
    assert shown(session, claims) == {
        claims[0].id: ["Ferries will stop running on Sundays from May"]}


def test_a_closer_verdict_arriving_later_pushes_out_the_weakest_stored_one(session, editor):
    near = [f"Ferries stop running on Sundays says harbour office report {word}"
            for word in ("alpha", "bravo", "charlie", "delta", "echo")]
    imported(session, *near)
    user = acting(session, editor)
    _, claims = make_article(session, user.id, ["Ferries stop running on Sundays in May"])
    refresh_claims(session, claims)
    session.commit()
    stored = set(session.scalars(sa.select(ClaimMatch.document_id)))
    assert len(stored) == 5

    imported(session, "Ferries stop running on Sundays in May", first=10)
    found = suggestions_for_claims(SYSTEM, session, [(claims[0].id, claims[0].text)], 5,
                                   thresholds=SHOWN)[claims[0].id]
    assert found[0].claim_text == "Ferries stop running on Sundays in May"
    assert found[0].similarity == 1.0 and len(found) == 5
    assert len(set(session.scalars(sa.select(ClaimMatch.document_id))) & stored) == 4
    assert best(session, claims[0].id) == 1.0


def test_a_late_verdict_is_never_listed_above_a_more_similar_stored_one():
    stored = [Match(1, 0.5), Match(2, 0.7)]  # the fused ranking put 1 first
    assert [m.document_id for m in _merge(stored, [Match(3, 0.6)])] == [1, 2, 3]
    assert [m.document_id for m in _merge(stored, [Match(3, 0.9)])] == [3, 1, 2]
    # A list sorted by similarity (words alone) merges as a sort would.
    by_words = [Match(4, 0.8), Match(5, 0.4)]
    assert [m.document_id for m in _merge(by_words, [Match(6, 0.6), Match(7, 0.1)])] \
        == [4, 6, 5, 7]
