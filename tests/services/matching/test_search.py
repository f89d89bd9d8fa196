"""Suggestions: imported and our own published verdicts on similar claims,
best first, with the two thresholds, on each database."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.services.core.errors import PermissionDenied
from factcheck.services.matching.claimreview_import import import_bytes
from factcheck.services.matching.index import reindex_published
from factcheck.services.matching.search import Thresholds, similar_verdicts
from factcheck.services.review import verdicts
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.verdicts import make_article
from tests.support.workflow import acting

CHECKED = [
    "The harbour bridge toll doubled overnight for all drivers",
    "Ferries will stop running on Sundays from May",
    "The new stadium cost the city 400 million euros",
    "School lunches will be free for every pupil from September",
]


@pytest.fixture
def imported(session):
    items = [review(number, claimReviewed=text, headline="")
             for number, text in enumerate(CHECKED)]
    import_bytes(session, SYSTEM, json.dumps(items).encode(), "checked.json")
    session.commit()


def test_the_closest_imported_verdict_comes_first_and_same_claim_is_flagged(session, imported):
    found = similar_verdicts(SYSTEM, session, "Ferries stop running on Sundays in May?", 5,
                             thresholds=Thresholds(similar=0.1, likely_same=0.6))
    assert found[0].claim_text == CHECKED[1]
    assert found[0].likely_same and found[0].similarity > 0.6
    assert found[0].publisher == "Coastal Checkers"
    assert found[0].link == "https://checkers.example/reviews/1"
    assert found[0].rating == "False"
    assert all(not item.likely_same for item in found[1:])


def test_below_the_similar_threshold_nothing_is_shown(session, imported):
    assert similar_verdicts(SYSTEM, session, "Weather on the island stays dry this week") == []
    weak = similar_verdicts(SYSTEM, session, "The city built a stadium", 5,
                            thresholds=Thresholds(similar=0.9, likely_same=0.95))
    assert weak == []


def test_search_syntax_in_the_query_is_just_words(session, imported):
    for hostile in ['"ferries" OR *', "NEAR(ferries sundays)", "ferries & !sundays | :*",
                    "ferries') ; DROP TABLE match_documents; --", "\x00", ""]:
        similar_verdicts(SYSTEM, session, hostile)  # no error
    assert similar_verdicts(SYSTEM, session, 'ferries" sundays', 1,
                            thresholds=Thresholds(similar=0.1))[0].claim_text == CHECKED[1]


def test_a_published_verdict_of_ours_becomes_findable_in_the_same_transaction(
        session, editor):
    user = acting(session, editor)
    _, (claim,) = make_article(session, user.id, ["Tram fares in the old town fell by half"])
    claim.status = ClaimStatus.REVIEWED
    session.commit()
    verdicts.decide(session, user, claim.id, rating=TruthRating.MOSTLY_TRUE,
                    public_rationale="Fares fell by 45 percent.", expected_version=claim.version)
    session.commit()
    assert similar_verdicts(SYSTEM, session, "tram fares old town halved") == []
    verdicts.publish(session, user, claim.id, correction_note="", expected_version=claim.version)
    found = similar_verdicts(SYSTEM, session, "Tram fares in the old town fell by half", 3)
    assert [(item.claim_id, item.rating, item.publisher) for item in found] == [
        (claim.id, "Mostly true", "Our desk")]
    assert found[0].similarity == 1.0
    # The claim itself is left out of its own suggestions.
    assert similar_verdicts(SYSTEM, session, claim.text, exclude_claim_id=claim.id) == []
    session.rollback()
    assert similar_verdicts(SYSTEM, session, claim.text) == []


def test_anonymous_gets_nothing(session, imported):
    with pytest.raises(PermissionDenied):
        similar_verdicts(None, session, "ferries")


def test_reimport_moves_the_index_with_the_text(session, imported):
    moved = review(1, claimReviewed="Lighthouse keepers earn more than judges", headline="")
    import_bytes(session, SYSTEM, json.dumps([moved]).encode(), "again.json")
    session.commit()
    found = similar_verdicts(SYSTEM, session, "Ferries will stop running on Sundays")
    assert all(item.link != moved["url"] for item in found)
    assert similar_verdicts(SYSTEM, session, "lighthouse keepers earn more than judges"
                            )[0].link == moved["url"]
    counts = dict(session.execute(sa.text("SELECT term, documents FROM match_terms")).all())
    assert counts.get("ferri", 0) == 0 and counts.get("lighthous") == 1


def test_reindex_makes_verdicts_published_before_the_index_findable_once(session, editor):
    from tests.support.verdicts import publish

    user = acting(session, editor)
    _, (claim,) = make_article(session, user.id, ["Night buses return to the harbour line"])
    publish(session, claim, user.id, TruthRating.TRUE)  # rows written directly: no index yet
    assert similar_verdicts(SYSTEM, session, claim.text) == []
    assert reindex_published(session) == 1
    assert reindex_published(session) == 1
    session.commit()
    [found] = similar_verdicts(SYSTEM, session, claim.text)
    assert (found.claim_id, found.rating) == (claim.id, "True")
    counts = dict(session.execute(sa.text("SELECT term, documents FROM match_terms")).all())
    assert counts["harbour"] == 1
