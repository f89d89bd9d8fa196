"""The claim list's filters: each selects exactly the claims it names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.sources import SourceKind
from factcheck.services.claims.listing import ClaimFilters, list_claims, outlet_names
from factcheck.services.core.errors import PermissionDenied
from tests.support.desk import NOW, Desk
from tests.support.factories import SYSTEM


def _ids(session, **filters):
    return {claim.id for claim in list_claims(session, SYSTEM, ClaimFilters(**filters),
                                              per_page=500).items}


def test_rating_follows_the_current_verdict_only(session):
    desk = Desk(session)
    _, (corrected, plain, undecided) = desk.article()
    desk.verdict(corrected, T.FALSE)
    desk.verdict(corrected, T.TRUE)  # a correction supersedes the first
    desk.verdict(plain, T.FALSE)
    assert _ids(session, rating=T.FALSE) == {plain.id}
    assert _ids(session, rating=T.TRUE) == {corrected.id}
    assert _ids(session, verdict="any") == {corrected.id, plain.id}
    assert _ids(session, verdict="false") == {plain.id}
    assert undecided.id not in _ids(session, verdict="any")


def test_sourcing_filters(session):
    desk = Desk(session)
    _, (anonymous, single, none, two) = desk.article(claims=4)
    named, other = desk.source("A Minister"), desk.source("A Paper", SourceKind.PUBLICATION)
    unnamed = desk.source("Unnamed officials", SourceKind.ANONYMOUS)
    desk.chain(anonymous, other, unnamed)
    desk.chain(single, named)
    desk.chain(two, named)
    desk.chain(two, other)
    assert _ids(session, sourcing="anonymous") == {anonymous.id}
    assert _ids(session, sourcing="single") == {single.id}
    assert _ids(session, sourcing="none") == {none.id}
    assert _ids(session, source=named.id) == {single.id, two.id}
    assert _ids(session, sourcing="anonymous", status="waiting") == {anonymous.id}
    assert _ids(session, sourcing="single", status="published") == set()


def test_sourcing_filters_follow_every_change_to_the_chains(session):
    """The filters read columns kept on the claim: a source turning
    anonymous, a second chain, a chain removed, two sources merged into
    one, a claim published all move the claim between the lists at once."""
    from factcheck.services.claims import attributions
    from factcheck.services.sources import registry

    desk = Desk(session)
    _, (claim, other) = desk.article(claims=2)
    named, paper = desk.source("A Minister"), desk.source("A Paper", SourceKind.PUBLICATION)
    desk.chain(claim, named)
    assert (claim.sourcing.value, claim.rests_on_anonymous) == ("single", False)
    assert _ids(session, sourcing="single") == {claim.id}
    assert _ids(session, sourcing="none") == {other.id}

    named.kind = SourceKind.ANONYMOUS
    session.flush()
    assert _ids(session, sourcing="anonymous") == {claim.id}
    assert claim.rests_on_anonymous  # the loaded claim is told too

    desk.chain(claim, paper)
    assert _ids(session, sourcing="single") == set()
    assert claim.sourcing.value == "several"

    registry.merge_sources(session, SYSTEM, paper, named)  # a bulk UPDATE of the hops
    assert _ids(session, sourcing="single") == {claim.id}
    assert _ids(session, sourcing="anonymous") == set()

    session.refresh(claim)
    for hop in [hop for chain in claim.attributions for hop in chain.hops]:
        session.refresh(claim)
        attributions.remove_hop(session, SYSTEM, claim, hop.id, expected_version=claim.version)
    assert _ids(session, sourcing="none") == {claim.id, other.id}
    assert list_claims(session, SYSTEM, ClaimFilters(sourcing="none")).total == 2


def test_status_age_and_dismissed_claims(session):
    desk = Desk(session)
    _, (fresh, week_old, old, published, dismissed) = desk.article(claims=5)
    desk.set(fresh, age_days=0.2)
    desk.set(week_old, age_days=3, status=ClaimStatus.DISPUTED)
    desk.set(old, age_days=100, status=ClaimStatus.IN_REVIEW)
    desk.set(published, age_days=100, status=ClaimStatus.PUBLISHED)
    desk.set(dismissed, age_days=100, status=ClaimStatus.NOT_A_CLAIM)
    assert _ids(session, status="waiting") == {fresh.id, week_old.id, old.id}
    assert _ids(session, age="day") == {fresh.id}
    assert _ids(session, age="week") == {week_old.id}
    assert _ids(session, age="older") == {old.id}
    assert dismissed.id not in _ids(session)
    assert _ids(session, status="not_a_claim") == {dismissed.id}
    today = NOW.date()
    assert _ids(session, since=today - timedelta(days=1)) == {fresh.id}
    assert _ids(session, until=today - timedelta(days=50)) == {old.id, published.id}


def test_reviewer_filters(session):
    desk = Desk(session)
    one, two = desk.person("One"), desk.person("Two")
    _, (agreed, disputed, drafted, misattributed) = desk.article(claims=4)
    desk.review(agreed, one, T.TRUE)
    desk.review(agreed, two, T.TRUE)
    desk.review(disputed, one, T.TRUE)
    desk.review(disputed, two, T.FALSE)
    desk.review(drafted, one, None, submitted=False)
    desk.review(misattributed, two, T.TRUE, A.MISATTRIBUTED)
    assert _ids(session, reviewer=one.id) == {agreed.id, disputed.id, drafted.id}
    assert _ids(session, reviewer=one.id, reviewer2=two.id) == {agreed.id, disputed.id}
    assert _ids(session, double_reviewed=True) == {agreed.id, disputed.id}
    assert _ids(session, disagree=True) == {disputed.id}
    assert _ids(session, draft_by=one.id) == {drafted.id}
    assert _ids(session, misattributed=True) == {misattributed.id}


def test_args_leave_out_empty_filters_and_round_trip():
    filters = ClaimFilters(outlet="Harbour Gazette", rating=T.FALSE, disagree=True,
                           since=date(2026, 1, 5))
    assert filters.args() == {"outlet": "Harbour Gazette", "rating": "false", "disagree": "1",
                              "since": "2026-01-05"}
    assert filters.args(rating=None, status="waiting") == {
        "outlet": "Harbour Gazette", "disagree": "1", "since": "2026-01-05",
        "status": "waiting"}
    assert ClaimFilters().is_empty
    # A misspelt filter in a template is an error, not a link that filters nothing.
    with pytest.raises(TypeError, match="statuss"):
        filters.args(statuss="waiting")


def test_pages_hold_what_was_asked(session):
    desk = Desk(session)
    desk.article(claims=7)
    first = list_claims(session, SYSTEM, ClaimFilters(), per_page=5)
    second = list_claims(session, SYSTEM, ClaimFilters(), page=2, per_page=5)
    assert first.total == 7 and first.has_next and not second.has_next
    assert len(first.items) == 5 and len(second.items) == 2
    assert not {c.id for c in first.items} & {c.id for c in second.items}


def test_reading_the_list_needs_permission(session):
    with pytest.raises(PermissionDenied):
        list_claims(session, None, ClaimFilters())


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, 7), ({"status": "published"}, 1), ({"status": "waiting"}, 6),
    ({"status": "not_a_claim"}, 1), ({"outlet": "Harbour Times"}, 3),
    ({"outlet": "Harbour Times", "status": "new"}, 2), ({"outlet": "(no outlet)"}, 2),
    ({"sourcing": "anonymous"}, 2), ({"status": "waiting", "sourcing": "anonymous"}, 1),
    ({"outlet": "Harbour Times", "sourcing": "single"}, 1), ({"sourcing": "none"}, 4),
    ({"status": "not_a_claim", "sourcing": "single"}, 1),
    ({"outlet": "(no outlet)", "status": "new", "sourcing": "none"}, 2),
])
def test_the_total_of_an_outlet_status_and_sourcing_list_is_read_from_the_counters(
        session, filters, expected):
    """What the list says it holds is what it holds, and it is read from the
    maintained counters, not counted over the archive."""
    from tests.support.querycount import count_statements

    desk = Desk(session)
    _, harbour = desk.article(outlet="Harbour Times", claims=4)
    _, elsewhere = desk.article(outlet="Valley Post", claims=2)
    desk.article(outlet="", claims=2)
    unnamed = desk.source("Unnamed officials", SourceKind.ANONYMOUS)
    desk.chain(harbour[0], unnamed, desk.source("A Minister"))
    desk.chain(harbour[1], unnamed)
    desk.chain(elsewhere[0], unnamed)
    desk.chain(harbour[2], desk.source("A Paper", SourceKind.PUBLICATION))
    desk.verdict(harbour[0], T.FALSE)
    harbour[0].status = ClaimStatus.PUBLISHED
    harbour[1].status = ClaimStatus.NOT_A_CLAIM
    elsewhere[0].status = ClaimStatus.IN_REVIEW
    session.flush()
    listed = list_claims(session, SYSTEM, ClaimFilters(**filters), per_page=500)
    assert listed.total == len(listed.items) == expected
    with count_statements(session.get_bind().engine) as log:
        list_claims(session, SYSTEM, ClaimFilters(**filters), per_page=500)
    assert not [text for text in log.statements
                if "count(*)" in text.lower() and "from claims" in text.lower()]


def test_a_row_shows_its_article_sources_reviewers_and_current_rating(session):
    desk = Desk(session)
    article, (relayed, bare, _) = desk.article(outlet="Harbour Gazette")
    paper = desk.source("The Evening Courier", SourceKind.PUBLICATION)
    unnamed = desk.source("Port officials", SourceKind.ANONYMOUS)
    minister = desk.source("Harbour Minister Ada Quist")
    desk.chain(relayed, paper, unnamed)
    desk.chain(relayed, minister)
    first, second = desk.person("Noor Haddad"), desk.person("Tomás Reyes")
    desk.review(relayed, first, T.FALSE)
    desk.review(relayed, second, None, submitted=False)
    desk.verdict(relayed, T.FALSE)
    desk.verdict(relayed, T.MOSTLY_TRUE)  # a correction: the row shows this one
    desk.set(relayed, assignee=second)
    rows = {row.id: row for row in list_claims(session, SYSTEM, ClaimFilters()).items}
    row = rows[relayed.id]
    assert (row.article_title, row.article_outlet) == (article.title, "Harbour Gazette")
    assert row.chains == [["The Evening Courier", "Port officials"],
                          ["Harbour Minister Ada Quist"]]
    assert row.reviewers == [("Noor Haddad", True), ("Tomás Reyes", False)]
    assert row.rating is T.MOSTLY_TRUE and row.assignee_name == "Tomás Reyes"
    assert (rows[bare.id].chains, rows[bare.id].reviewers, rows[bare.id].rating) == ([], [], None)


def test_the_outlet_menu_offers_outlets_with_claims_from_the_counters(session):
    from tests.support.querycount import count_statements

    desk = Desk(session)
    desk.article(outlet="Valley Post", claims=1)
    _, (dismissed,) = desk.article(outlet="Quay Ledger", claims=1)
    desk.article(outlet="Harbour Times", claims=2)
    desk.article(outlet="Empty Gazette", claims=0)  # an article, no claims yet
    desk.article(outlet="", claims=1)  # no outlet: the menu's own "(no outlet)" entry
    dismissed.status = ClaimStatus.NOT_A_CLAIM
    session.flush()
    with count_statements(session.get_bind().engine) as log:
        names = outlet_names(session, SYSTEM)
    # An outlet whose spans were all dismissed stays: the list can show them.
    assert names == ["Harbour Times", "Quay Ledger", "Valley Post"]
    # A few counter rows per outlet, not every article grouped by outlet.
    assert not [text for text in log.statements if "from articles" in text.lower()]
