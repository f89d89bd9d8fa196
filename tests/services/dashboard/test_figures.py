"""The dashboard's figures: worked out by hand on small data, and checked
against the claim list on a synthetic archive (a number and the list it
links to must count the same claims)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from factcheck.demo.synthetic import load_synthetic
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.sources import SourceKind
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.services.audit import trail as audit
from factcheck.services.claims.listing import ClaimFilters, list_claims
from factcheck.services.core.errors import PermissionDenied
from factcheck.services.dashboard.figures import build_dashboard
from tests.support.desk import NOW, Desk
from tests.support.factories import SYSTEM


def test_agreement_kappa_and_dispute_rate_from_reviews(session):
    desk = Desk(session)
    one, two = desk.person("Ana One"), desk.person("Ben Two")
    _, claims = desk.article(claims=4)
    # (T,T) (T,F) (F,F) (F,F): observed 3/4; One says true 1/2, Two 1/4;
    # chance 0.5*0.25 + 0.5*0.75 = 0.5; kappa (0.75 - 0.5) / 0.5 = 0.5.
    for claim, (a, b) in zip(claims, [(T.TRUE, T.TRUE), (T.TRUE, T.FALSE),
                                      (T.FALSE, T.FALSE), (T.FALSE, T.FALSE)], strict=True):
        desk.review(claim, one, a)
        desk.review(claim, two, b)
        desk.set(claim, status=ClaimStatus.REVIEWED if a is b else ClaimStatus.DISPUTED)
    # Reviews still blind to someone never count: a claim whose two reviews
    # are in but a third reviewer's draft is pending, and one still in review.
    _, (drafting, blind) = desk.article(claims=2)
    desk.review(drafting, one, T.TRUE)
    desk.review(drafting, two, T.FALSE)
    desk.review(drafting, desk.person("Cy Three"), None, submitted=False)
    desk.set(drafting, status=ClaimStatus.DISPUTED)
    desk.review(blind, one, T.FALSE)
    desk.set(blind, status=ClaimStatus.IN_REVIEW)
    board = build_dashboard(session, SYSTEM, ClaimFilters())
    (pair,) = board.reviewers.pairs
    assert {pair.first[1], pair.second[1]} == {"Ana One", "Ben Two"}
    assert pair.claims == 4 and pair.agreed == 3
    assert pair.kappa == pytest.approx(0.5)
    assert board.reviewers.overall_kappa == pytest.approx(0.5)
    assert board.reviewers.double_reviewed == 4 and board.reviewers.disagreed == 1
    assert board.reviewers.dispute_rate == 25


def test_workload_backlog_and_turnaround(session):
    desk = Desk(session)
    reviewer = desk.person("Cleo Three")
    _, (waiting, drafted, done, quick, slow) = desk.article(claims=5)
    desk.set(waiting, status=ClaimStatus.NEW, age_days=40, assignee=reviewer)
    desk.set(drafted, status=ClaimStatus.IN_REVIEW, age_days=2, assignee=reviewer)
    desk.review(drafted, reviewer, None, submitted=False)
    desk.review(done, reviewer, T.TRUE, submitted_at=NOW)
    for claim, days in ((done, 0.5), (quick, 1.0), (slow, 4.0)):
        desk.set(claim, status=ClaimStatus.PUBLISHED, age_days=days)
        desk.verdict(claim, T.TRUE, published=NOW)
    board = build_dashboard(session, SYSTEM, ClaimFilters(), now=NOW + timedelta(seconds=1))
    (load,) = [row for row in board.reviewers.workload if row.name == "Cleo Three"]
    assert (load.assigned, load.drafting, load.done_this_week) == (2, 1, 1)
    buckets = {bucket.key: count for bucket, count in board.backlog.buckets}
    assert buckets == {"day": 0, "week": 1, "month": 0, "quarter": 1, "older": 0}
    assert [claim.id for claim in board.backlog.oldest] == [waiting.id, drafted.id]
    this_week = board.backlog.turnaround[-1]
    assert this_week.count == 3
    assert this_week.median_days == pytest.approx(1.0, abs=0.01)
    assert this_week.p90_days == pytest.approx(3.4, abs=0.01)  # 1.0 + 0.8 * (4.0 - 1.0)


def test_attribution_quality_per_outlet_and_source(session):
    desk = Desk(session)
    _, (anon, single, none) = desk.article(outlet="Gazette", claims=3)
    minister = desk.source("Minister")
    desk.chain(anon, desk.source("Insiders", SourceKind.ANONYMOUS))
    desk.chain(single, minister)
    desk.verdict(single, T.FALSE)
    reviewer = desk.person("Dee Four")
    desk.review(single, reviewer, T.FALSE, A.MISATTRIBUTED)
    desk.set(single, status=ClaimStatus.PUBLISHED)
    desk.review(none, reviewer, T.TRUE, A.ACCURATE)
    desk.set(none, status=ClaimStatus.REVIEWED)
    # A misattribution still blind (its claim in review) is not counted.
    _, (blind,) = desk.article(outlet="Gazette", claims=1)
    desk.review(blind, reviewer, T.FALSE, A.MISATTRIBUTED)
    desk.set(blind, status=ClaimStatus.IN_REVIEW)
    board = build_dashboard(session, SYSTEM, ClaimFilters(outlet="Gazette"))
    (outlet,) = board.attribution.outlets
    assert (outlet.claims, outlet.anonymous, outlet.single, outlet.unsourced) == (4, 1, 2, 2)
    assert (outlet.rated, outlet.misattributed) == (2, 1)
    by_name = {row.name: row for row in board.attribution.sources}
    assert (by_name["Minister"].claims, by_name["Minister"].false_or_misleading) == (1, 1)


@pytest.fixture
def archive(session):
    report = load_synthetic(session, SYSTEM, 400, seed=11)
    audit.append_pending(session)  # what the commit would do, without committing
    return report


def _total(session, filters, **changes):
    return list_claims(session, SYSTEM, ClaimFilters(**{**filters.args(), **changes})).total


def test_synthetic_archive_is_realistic_and_audited_once(session, archive):
    counts = archive.counts
    assert counts["articles"] == 8 and counts["users"] == 20
    assert 390 <= counts["claims"] <= 410
    assert 1.2 * counts["claims"] <= counts["reviews"] <= 1.8 * counts["claims"]
    assert counts["verdicts"] > counts["claims"] / 2
    events = session.scalars(sa.select(AuditEvent)
                             .where(AuditEvent.entity_type == "synthetic_archive")).all()
    assert len(events) == 1
    assert load_synthetic(session, SYSTEM, 400, seed=11).already_loaded
    spans_ok = session.execute(sa.select(sa.func.count()).select_from(Claim)
                               .where(Claim.end <= Claim.start)).scalar()
    assert spans_ok == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(Review)) == counts["reviews"]


def test_every_figure_matches_the_list_behind_it(session, archive):
    board = build_dashboard(session, SYSTEM, ClaimFilters())
    f = board.filters
    for status, count in board.progress.by_status.items():
        assert _total(session, f, status=status.value) == count, status
    for rating, count in board.verdicts.by_rating.items():
        assert _total(session, f, rating=rating) == count, rating
    for bucket, count in board.backlog.buckets:
        assert _total(session, f, age=bucket.key) == count, bucket
    for week, count in board.verdicts.by_week:
        assert _total(session, f, verdict_week=week) == count, week
    for row in board.backlog.turnaround:
        assert _total(session, f, published_week=row.week) == row.count, row
    for row in board.attribution.outlets:
        assert _total(session, f, outlet=row.outlet) == row.claims
        assert _total(session, f, outlet=row.outlet, sourcing="anonymous") == row.anonymous
        assert _total(session, f, outlet=row.outlet, sourcing="single") == row.single
        assert _total(session, f, outlet=row.outlet, sourcing="none") == row.unsourced
    for row in board.verdicts.by_outlet:
        assert _total(session, f, outlet=row.outlet, verdict="false") == row.false_or_misleading
    for row in board.attribution.sources:
        assert _total(session, f, source=row.source_id) == row.claims
        assert _total(session, f, source=row.source_id, verdict="false") == \
            row.false_or_misleading
    for row in board.reviewers.workload:
        assert _total(session, f, assignee=row.user_id, status="waiting") == row.assigned
    assert _total(session, f, double_reviewed=True) == board.reviewers.double_reviewed
    assert _total(session, f, disagree=True) == board.reviewers.disagreed
    for article in board.progress.attention:
        assert _total(session, f, article=article.article_id) == article.total


def test_filters_narrow_every_section(session, archive):
    everything = build_dashboard(session, SYSTEM, ClaimFilters())
    outlet = everything.attribution.outlets[0].outlet
    narrowed = build_dashboard(session, SYSTEM, ClaimFilters(outlet=outlet))
    live = narrowed.progress.total - narrowed.progress.by_status[ClaimStatus.NOT_A_CLAIM]
    assert live == everything.attribution.outlets[0].claims
    assert [row.outlet for row in narrowed.attribution.outlets] == [outlet]
    assert narrowed.verdicts.total < everything.verdicts.total
    false_only = build_dashboard(session, SYSTEM, ClaimFilters(rating=T.FALSE))
    assert set(k for k, v in false_only.verdicts.by_rating.items() if v) == {T.FALSE}


def test_checkers_may_not_see_the_dashboard(session):
    checker = Desk(session).person("Eve Checker")
    with pytest.raises(PermissionDenied):
        build_dashboard(session, checker, ClaimFilters())
