"""What the public may read: published verdicts only, as published (the
snapshot), with their dated corrections; withdrawn ones are gone, not
silently missing; nothing internal comes along."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.ratings import EvidenceStance
from factcheck.domain.ratings import TruthRating as T
from factcheck.models.claim import Claim
from factcheck.models.correction import CorrectionKind
from factcheck.models.review import Evidence, Review
from factcheck.models.user import User
from factcheck.services.core.errors import NotFound
from factcheck.services.publication import detail, feeds, listing, records
from factcheck.services.publication.listing import PublicFilters
from tests.support import publication as fc
from tests.support.querycount import count_statements
from tests.support.workflow import reviewing_people


@pytest.fixture
def people(make_user):
    return reviewing_people(make_user)


def _texts(page):
    return [item.claim_text for item in page.items]


def test_only_published_verdicts_are_listed_newest_first(session, people):
    first = fc.published(session, people, "Cargo fell by half last year")
    second = fc.published(session, people, "The ferry fleet doubled", rating=T.TRUE)
    approved = fc.reviewed(session, people, "Dock wages rose 40%")
    fc.decide(session, people, approved, T.FALSE)  # approved, never published
    fc.reviewed(session, people, "Tugs run on hydrogen")  # reviewed, no verdict
    page = listing.list_published(session, PublicFilters())
    assert _texts(page) == [second.text, first.text]
    with pytest.raises(NotFound):
        detail.published_fact_check(session, approved.id)


def test_filters_by_rating_and_outlet_and_offers_only_outlets_with_fact_checks(session, people):
    fc.published(session, people, "Cargo fell by half last year", outlet="Harbour Post")
    fc.published(session, people, "The ferry fleet doubled", rating=T.TRUE, outlet="Daily Ledger")
    fc.reviewed(session, people, "Tugs run on hydrogen", outlet="Unpublished Weekly")
    assert _texts(listing.list_published(session, PublicFilters(rating=T.TRUE))) == [
        "The ferry fleet doubled"]
    assert _texts(listing.list_published(session, PublicFilters(outlet="Harbour Post"))) == [
        "Cargo fell by half last year"]
    assert listing.list_published(session, PublicFilters(T.TRUE, "Harbour Post")).items == []
    assert listing.outlets(session) == ["Daily Ledger", "Harbour Post"]
    # A reader's typo in the address is no filter at all, not an error.
    assert PublicFilters.parse("bogus", "  Harbour Post ") == PublicFilters(None, "Harbour Post")


def test_pages_hold_the_list_in_order(session, people):
    claims = fc.many_published(session, people["editor"].id, 5)
    first = listing.list_published(session, PublicFilters(), page=1, per_page=2)
    third = listing.list_published(session, PublicFilters(), page=3, per_page=2)
    assert [i.claim_id for i in first.items] == [claims[4].id, claims[3].id] and first.has_next
    assert [i.claim_id for i in third.items] == [claims[0].id] and not third.has_next


def test_the_page_shows_the_approved_snapshot_not_the_claim_as_it_stands(session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    # The live claim changes under the verdict (here behind the workflow's back).
    session.execute(sa.update(Claim).where(Claim.id == claim.id)
                    .values(text="Cargo fell by a third last year"))
    session.commit()
    assert detail.published_fact_check(session, claim.id).claim_text == (
        "Cargo fell by half last year")
    assert _texts(listing.list_published(session, PublicFilters())) == [
        "Cargo fell by half last year"]


def test_a_verdict_decided_again_stays_away_until_it_is_published(session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    fc.withdraw(session, people, claim)
    fc.decide(session, people, claim, T.MOSTLY_FALSE)
    with pytest.raises(detail.Withdrawn):
        detail.published_fact_check(session, claim.id)
    assert listing.list_published(session, PublicFilters()).items == []
    fc.publish(session, people, claim, note="New port figures.")
    assert detail.published_fact_check(session, claim.id).rating is T.MOSTLY_FALSE


def test_a_withdrawn_fact_check_is_gone_with_its_public_note_never_the_internal_reason(
        session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    fc.withdraw(session, people, claim, public_note="We are checking new port figures.")
    with pytest.raises(detail.Withdrawn) as gone:
        detail.published_fact_check(session, claim.id)
    (entry,) = gone.value.corrections
    assert entry.kind is CorrectionKind.REOPENED and gone.value.withdrawn_on == entry.created_at
    assert entry.public_note == "We are checking new port figures."
    assert fc.INTERNAL_REASON not in entry.summary
    assert listing.list_published(session, PublicFilters()).items == []
    with pytest.raises(NotFound):
        detail.published_fact_check(session, 2**40)  # past any id: not found, no error


def test_a_corrected_verdict_keeps_its_first_date_and_carries_the_dated_correction(
        session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    before = detail.published_fact_check(session, claim.id)
    fc.corrected(session, people, claim, T.MOSTLY_FALSE, note="New port figures arrived.")
    item = detail.published_fact_check(session, claim.id)
    assert item.rating is T.MOSTLY_FALSE
    assert item.first_published_at == before.first_published_at < item.published_at
    kinds = [c.kind for c in item.corrections]
    assert kinds == [CorrectionKind.REOPENED, CorrectionKind.VERDICT_CHANGED]
    assert item.corrections[-1].summary == (
        "Verdict changed (False → Mostly false): New port figures arrived.")
    assert item.updated_at == max(item.published_at, item.corrections[-1].created_at)


def test_evidence_is_what_and_where_once_never_who_or_their_notes(session, people):
    claim = fc.published(session, people, "Cargo fell by half last year")
    item = detail.published_fact_check(session, claim.id)
    (evidence,) = item.evidence  # both reviewers cited it: shown once
    assert (evidence.url, evidence.title, evidence.is_link) == (
        "https://stats.example/cargo", "Port statistics", True)
    shown = repr(item)
    for internal in (fc.REVIEWER_NOTE, fc.REVIEWER_RATIONALE, "Checker One", "one@example.org"):
        assert internal not in shown


def test_a_script_address_stored_as_evidence_is_never_a_link(session, people):
    """Reviews refuse such addresses; rows from before that rule may hold one."""
    claim = fc.published(session, people, "Cargo fell by half last year")
    review = session.scalar(sa.select(Review).where(Review.claim_id == claim.id))
    review.evidence.append(Evidence(url="javascript:alert(1)", title="Old import",
                                    stance=EvidenceStance.CONTEXT, position=5))
    session.commit()
    found = {e.title: e for e in detail.published_fact_check(session, claim.id).evidence}
    assert not found["Old import"].is_link and found["Port statistics"].is_link


def test_the_feed_puts_the_latest_change_first_a_correction_included(session, people):
    older = fc.published(session, people, "Cargo fell by half last year")
    fc.published(session, people, "The ferry fleet doubled", rating=T.TRUE)
    assert [i.claim_id for i in feeds.recent_changes(session)][-1] == older.id
    fc.corrected(session, people, older, T.MOSTLY_FALSE, note="New figures.")
    assert feeds.recent_changes(session)[0].claim_id == older.id


def test_every_published_reads_in_batches_and_ends_each_read(session, people):
    claims = fc.many_published(session, people["editor"].id, 7)
    ends = []
    items = list(feeds.every_published(session, end_read=lambda: ends.append(1), batch_size=3))
    assert [i.claim_id for i in items] == [c.id for c in claims]
    assert len(ends) == 4  # three batches and the empty read that ends it


def test_every_published_reads_the_same_values_as_the_pages(session, people):
    """Plain rows, not ORM objects: the same fact-checks, field by field
    (corrections, claimants and dates included), as the pages' reads."""
    fc.many_published(session, people["editor"].id, 4)
    corrected = fc.published(session, people, "Cargo fell by half last year")
    fc.corrected(session, people, corrected, T.MOSTLY_FALSE, note="New figures.")
    fc.published(session, people, "The ferry fleet doubled", rating=T.TRUE)
    expected = records.fact_checks(session, session.scalars(
        records.public_verdicts(session).order_by(Claim.id)).all())
    streamed = list(feeds.every_published(session, end_read=lambda: None, batch_size=2))
    assert streamed == expected and len(streamed) == 6
    assert any(item.corrections for item in streamed)


def test_every_published_sends_as_many_statements_for_many_verdicts_as_for_few(
        session, people):
    def statements() -> int:
        with count_statements(session.get_bind().engine) as log:
            list(feeds.every_published(session, end_read=lambda: None))
        return log.count

    fc.many_published(session, people["editor"].id, 2)
    few = statements()
    fc.many_published(session, people["editor"].id, 60, outlet="Other Gazette")
    fc.corrected(session, people, fc.published(session, people, "Cargo fell by half"),
                 T.MOSTLY_FALSE, note="Newer figures.")
    # One batch either way: the batch's three reads and the empty read.
    assert statements() == few == 4


def test_public_state_moves_with_publication_and_withdrawal(session, people):
    assert listing.public_state(session).last_modified is None
    claim = fc.published(session, people, "Cargo fell by half last year")
    published = listing.public_state(session)
    assert published.last_modified is not None and published.last_verdict_id
    fc.withdraw(session, people, claim)
    withdrawn = listing.public_state(session)
    assert withdrawn.fingerprint != published.fingerprint
    assert withdrawn.last_modified > published.last_modified


def test_nobody_is_needed_to_read(session, people):
    """The public reads take no actor: nothing in them can depend on who asks."""
    assert session.query(User).count() >= 4
    fc.published(session, people, "Cargo fell by half last year")
    assert listing.list_published(session, PublicFilters()).items
