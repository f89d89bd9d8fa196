"""The dashboard's "already checked" share, by outlet: worked out by hand
on a small desk, in one statement whatever the desk's size."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import EvidenceStance
from factcheck.models.external_verdict import ExternalVerdict
from factcheck.services.claims.listing import ClaimFilters
from factcheck.services.core.errors import PermissionDenied
from factcheck.services.dashboard.already_checked import already_checked
from factcheck.services.matching.claim_figures import refresh_claims
from factcheck.services.matching.claimreview_import import import_bytes
from factcheck.services.matching.links import mark_same_claim
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.querycount import count_statements
from tests.support.verdicts import make_article
from tests.support.workflow import acting

FERRIES = "Ferries will stop running on Sundays from May"
STADIUM = "The new stadium cost the city 400 million euros"


@pytest.fixture
def desk(session, editor, checker):
    """Harbour Post: a claim another fact-checker rated (same words), one
    nobody did, one dismissed as not a claim. Evening Star: the stadium
    claim, reworded. No outlet: a claim a reviewer linked by hand."""
    items = [review(number, claimReviewed=text, headline="")
             for number, text in enumerate([FERRIES, STADIUM])]
    import_bytes(session, SYSTEM, json.dumps(items).encode(), "checked.json")
    user = acting(session, editor)
    _, harbour = make_article(session, user.id, [FERRIES, "Parking downtown is free at night",
                                                 "Ferries stop on Sundays from May"])
    _, star = make_article(session, user.id,
                           ["The stadium cost 400 million euros, the mayor admits"],
                           outlet="Evening Star")
    _, unnamed = make_article(session, user.id, ["Night buses return to the harbour line"],
                              outlet=None)
    harbour[2].status = ClaimStatus.NOT_A_CLAIM
    refresh_claims(session, [*harbour, *star, *unnamed])
    session.commit()
    theirs = session.scalar(sa.select(ExternalVerdict.id).where(
        ExternalVerdict.claim_text == STADIUM))
    mark_same_claim(session, acting(session, checker), unnamed[0].id, f"theirs:{theirs}",
                    EvidenceStance.SUPPORTS)
    session.commit()
    return harbour, star, unnamed


def rows(found):
    return [(row.outlet, row.incoming, row.already_checked, row.share) for row in found.outlets]


def test_share_by_outlet_counts_likely_same_matches_and_links(session, desk):
    found = already_checked(session, SYSTEM, ClaimFilters(), likely_same=0.4)
    assert rows(found) == [("Harbour Post", 2, 1, 50), ("Evening Star", 1, 1, 100),
                           ("", 1, 1, 100)]
    assert (found.incoming, found.already_checked, found.share) == (4, 3, 75)


def test_the_configured_threshold_decides_and_a_link_always_counts(session, desk):
    strict = already_checked(session, SYSTEM, ClaimFilters(), likely_same=0.99)
    # Only the claim in the very words of the fact-check, and the linked one.
    assert rows(strict) == [("Harbour Post", 2, 1, 50), ("Evening Star", 1, 0, 0),
                            ("", 1, 1, 100)]
    nothing = already_checked(session, SYSTEM, ClaimFilters(), likely_same=1.01)
    assert rows(nothing) == [("Harbour Post", 2, 0, 0), ("Evening Star", 1, 0, 0),
                             ("", 1, 1, 100)]


def test_the_dashboard_filters_apply(session, desk):
    found = already_checked(session, SYSTEM, ClaimFilters(outlet="Evening Star"),
                            likely_same=0.4)
    assert rows(found) == [("Evening Star", 1, 1, 100)]


def test_one_statement_whatever_the_size_of_the_desk(session, editor, desk):
    engine = session.get_bind().engine
    counts = []
    for _ in range(2):
        with count_statements(engine) as log:
            already_checked(session, SYSTEM, ClaimFilters(), likely_same=0.4)
        counts.append(log.count)
        user = acting(session, editor)
        _, more = make_article(session, user.id, [FERRIES, STADIUM, "Rents rose again"],
                               outlet="Weekly Tide")
        refresh_claims(session, more)
        session.commit()
    assert counts == [1, 1]
    found = already_checked(session, SYSTEM, ClaimFilters(), likely_same=0.4)
    assert rows(found)[0] == ("Weekly Tide", 6, 4, 67)


def test_checkers_do_not_see_the_dashboard_figures(session, checker):
    with pytest.raises(PermissionDenied):
        already_checked(session, acting(session, checker), ClaimFilters(), likely_same=0.4)
