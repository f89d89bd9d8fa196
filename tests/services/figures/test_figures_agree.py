"""The maintained figures equal a recount after every step of random
desk work: articles added, claims split, merged, dismissed and restored,
chains edited, reviews submitted, verdicts decided, published and
reopened, sources retyped and merged, outlets renamed, articles deleted.

Sequences come from a seeded random.Random (hypothesis is not installed),
so a failure names its seed and step and replays exactly."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.sources import SourceKind, Sourcing
from factcheck.models import figure_upkeep
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.source import Source
from factcheck.services.claims import attributions, editing
from factcheck.services.claims.listing import ClaimFilters
from factcheck.services.core.errors import ServiceError
from factcheck.services.core.shared_cache import DatabaseCache
from factcheck.services.dashboard import figures
from factcheck.services.figures import check
from factcheck.services.figures.recount import recount
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft
from factcheck.services.review import reviews, verdicts
from factcheck.services.review.reviews import ReviewInput
from factcheck.services.sources import registry
from tests.support.factories import SYSTEM
from tests.support.workflow import acting, reviewing_people

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
STORIES = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))]
OUTLETS = ["Daily Planet", "The Courier", "", "Evening Star"]
SOURCE_NAMES = ["Port Authority", "Anonymous officials", "Reuters", "City Council"]
STEPS = 30


@pytest.fixture
def people(make_user):
    return reviewing_people(make_user)


class Desk:
    """One random step at a time, through the services as the app calls
    them; a step the services refuse (a stale version, a claim in the wrong
    state) is rolled back like a refused request."""

    def __init__(self, session: Any, people: dict[str, Any], rng: random.Random) -> None:
        self.session = session
        self.people = people
        self.rng = rng
        self.stories = 0

    def editor(self) -> Any:
        return acting(self.session, self.people["editor"])

    def claim(self, *statuses: ClaimStatus) -> Claim | None:
        query = sa.select(Claim).order_by(Claim.id)
        if statuses:
            query = query.where(Claim.status.in_(statuses))
        found = self.session.scalars(query).all()
        return self.rng.choice(found) if found else None

    def add_article(self) -> None:
        self.stories += 1
        text = (self.rng.choice(STORIES)
                + f"\n\nThe harbour master said {self.stories} ferries ran on time.")
        articles.create_article(self.session, self.editor(),
                                Draft(text=text, outlet=self.rng.choice(OUTLETS)))

    def review(self) -> None:
        claim = self.claim(ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.DISPUTED)
        if claim is None:
            return
        who = acting(self.session, self.people[self.rng.choice(["one", "two", "three"])])
        own = reviews.own_review(self.session, who, claim.id)
        reviews.save_review(
            self.session, who, claim.id,
            ReviewInput(self.rng.choice([TruthRating.TRUE, TruthRating.FALSE,
                                         TruthRating.MISLEADING]),
                        self.rng.choice(list(AttributionRating)), "Checked the record."),
            submit=True, expected_version=own.version if own else None, required=2)

    def decide(self) -> None:
        claim = self.claim(ClaimStatus.REVIEWED, ClaimStatus.DISPUTED)
        if claim is not None:
            verdicts.decide(self.session, self.editor(), claim.id,
                            rating=self.rng.choice(list(TruthRating)),
                            public_rationale="What the record shows.",
                            expected_version=claim.version, allow_self_decision=True)

    def publish(self) -> None:
        claim = self.claim(ClaimStatus.APPROVED)
        if claim is not None:
            verdicts.publish(self.session, self.editor(), claim.id,
                             correction_note="Corrected after new records.",
                             expected_version=claim.version)

    def reopen(self) -> None:
        claim = self.claim(ClaimStatus.APPROVED, ClaimStatus.PUBLISHED)
        if claim is not None:
            verdicts.reopen(self.session, self.editor(), claim.id, reason="New evidence.",
                            expected_version=claim.version, required=2,
                            public_note="Withdrawn pending new evidence.")

    def split(self) -> None:
        claim = self.claim(ClaimStatus.NEW)
        if claim is not None and claim.end - claim.start > 10:
            editing.split_claim(self.session, self.editor(), claim,
                                (claim.start + claim.end) // 2, claim.version)

    def merge(self) -> None:
        claim = self.claim(ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
        if claim is not None:
            editing.merge_with_next(self.session, self.editor(), claim, claim.version)

    def dismiss_or_restore(self) -> None:
        claim = self.claim()
        if claim is not None:
            editing.update_details(self.session, self.editor(), claim, kind=claim.kind,
                                   not_a_claim=claim.status is not ClaimStatus.NOT_A_CLAIM,
                                   expected_version=claim.version)

    def add_hop(self) -> None:
        claim = self.claim(ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.REVIEWED)
        if claim is None:
            return
        chain = claim.attributions[0].id if claim.attributions and self.rng.random() < .5 else None
        name = self.rng.choice(SOURCE_NAMES)
        kind = SourceKind.ANONYMOUS if name.startswith("Anonymous") else SourceKind.GOVERNMENT
        attributions.add_hop(self.session, self.editor(), claim, expected_version=claim.version,
                             attribution_id=chain, source_name=name, kind=kind, cue="said",
                             hedges="", inherited=False)

    def remove_hop(self) -> None:
        hops = self.session.execute(
            sa.select(AttributionHop.id, Attribution.claim_id)
            .join(Attribution, Attribution.id == AttributionHop.attribution_id)
            .order_by(AttributionHop.id)).all()
        if not hops:
            return
        hop_id, claim_id = self.rng.choice(hops)
        claim = self.session.get(Claim, claim_id)
        attributions.remove_hop(self.session, self.editor(), claim, hop_id,
                                expected_version=claim.version)

    def retype_source(self) -> None:
        sources = self.session.scalars(sa.select(Source).order_by(Source.id)).all()
        if not sources:
            return
        source = self.rng.choice(sources)
        registry.update_source(
            self.session, self.editor(), source, name=source.name,
            kind=self.rng.choice([SourceKind.ANONYMOUS, SourceKind.GOVERNMENT, SourceKind.UNKNOWN]),
            url="", notes="", aliases=[alias.alias for alias in source.aliases],
            expected_version=source.version)

    def merge_sources(self) -> None:
        sources = self.session.scalars(sa.select(Source).order_by(Source.id)).all()
        if len(sources) >= 2:
            keep, duplicate = self.rng.sample(sources, 2)
            registry.merge_sources(self.session, self.editor(), keep, duplicate)

    def rename_outlet(self) -> None:
        found = self.session.scalars(sa.select(Article).order_by(Article.id)).all()
        if found:
            # No service renames an outlet yet; the flush hooks follow any
            # change to the row, whoever makes it.
            self.rng.choice(found).outlet = self.rng.choice(OUTLETS) or None
            self.session.flush()

    def delete_article(self) -> None:
        found = self.session.scalars(sa.select(Article).order_by(Article.id)).all()
        if len(found) > 1:
            self.session.delete(self.rng.choice(found))
            self.session.flush()

    def steps(self) -> list[tuple[Callable[[], None], int]]:
        """Each step with its weight: mostly the desk's daily work."""
        return [(self.add_article, 2), (self.review, 6), (self.decide, 3), (self.publish, 2),
                (self.reopen, 1), (self.split, 1), (self.merge, 1),
                (self.dismiss_or_restore, 1), (self.add_hop, 2), (self.remove_hop, 1),
                (self.retype_source, 1), (self.merge_sources, 1), (self.rename_outlet, 1),
                (self.delete_article, 1)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_maintained_figures_equal_a_recount_after_every_step(session, people, seed):
    rng = random.Random(seed)
    desk = Desk(session, people, rng)
    desk.add_article()
    session.commit()
    steps = desk.steps()
    done: list[str] = []
    sourced: set[tuple[Any, ...]] = set()
    for number in range(STEPS):
        step = rng.choices([s for s, _ in steps], weights=[w for _, w in steps])[0]
        try:
            step()
            session.commit()
            done.append(step.__name__)
        except ServiceError:
            session.rollback()
            done.append(step.__name__ + " (refused)")
        # verify also compares each claim's stored sourcing with its chains.
        result = check.verify(session, SYSTEM)
        assert result.ok, (seed, number, done, result.differences)
        sourced.update(tuple(row) for row in session.execute(
            sa.select(Claim.sourcing, Claim.rests_on_anonymous).distinct()))
    # Something happened beyond adding articles, or the test proves little.
    assert {"review", "decide", "add_hop"} <= set(done), done
    # ...and the stored sourcing took more than its default value.
    assert len(sourced) >= 2, sourced


def test_verify_reports_a_drifted_counter_and_rebuild_repairs_it(session, people):
    Desk(session, people, random.Random(7)).add_article()
    session.commit()
    assert check.verify(session, SYSTEM).ok
    session.execute(sa.text("UPDATE figure_counts SET n = n + 5 WHERE figure = 'claims'"))
    drifted = check.verify(session, SYSTEM)
    assert not drifted.ok
    assert all(kept == counted + 5 for (figure, *_), kept, counted in drifted.differences
               if figure == "claims")
    check.rebuild(session, SYSTEM)
    assert check.verify(session, SYSTEM).ok
    assert figure_upkeep.maintained(session.connection()) == recount(session)


def test_verify_reports_a_claim_whose_stored_sourcing_drifted_and_rebuild_repairs_it(
        session, people):
    desk = Desk(session, people, random.Random(8))
    desk.add_article()
    session.commit()
    claim = desk.claim()
    assert claim is not None
    session.execute(sa.update(Claim).where(Claim.id == claim.id)
                    .values(sourcing=Sourcing.SEVERAL, rests_on_anonymous=True))
    drifted = check.verify(session, SYSTEM)
    assert sorted(key for key, _, _ in drifted.differences) == [
        ("claim_sourcing", str(claim.id), "anonymous"),
        ("claim_sourcing", str(claim.id), "sources")]
    assert sorted(kept for _, kept, _ in drifted.differences) == [1, 2]
    check.rebuild(session, SYSTEM)
    assert check.verify(session, SYSTEM).ok


@pytest.mark.parametrize("seed", [4, 5])
def test_the_maintained_dashboard_shows_what_aggregating_shows(session, people, seed):
    """The unfiltered dashboard from counters and periodic figures, and the
    same dashboard aggregated from the archive, after random desk work."""
    rng = random.Random(seed)
    desk = Desk(session, people, rng)
    for _ in range(2):
        desk.add_article()
    steps = desk.steps()
    for _ in range(STEPS):
        step = rng.choices([s for s, _ in steps], weights=[w for _, w in steps])[0]
        try:
            step()
            session.commit()
        except ServiceError:
            session.rollback()
    now = datetime.now(UTC)
    editor = desk.editor()
    cache = DatabaseCache(session.connection())
    kept = figures.maintained_dashboard(session, editor, cache, max_age=300, now=now)
    counted = figures.build_dashboard(session, editor, ClaimFilters(), now=now)
    assert kept.progress == counted.progress
    assert kept.verdicts == counted.verdicts
    assert kept.backlog.buckets == counted.backlog.buckets
    assert kept.backlog.turnaround == counted.backlog.turnaround
    assert [c.id for c in kept.backlog.oldest] == [c.id for c in counted.backlog.oldest]
    assert kept.reviewers == counted.reviewers
    assert kept.attribution == counted.attribution
    assert kept.progress.total > 0 and kept.verdicts.total > 0


def test_rebuild_repairs_every_claims_sourcing_without_touching_when_it_was_edited(
        session, people):
    desk = Desk(session, people, random.Random(8))
    desk.add_article()
    desk.add_article()
    session.commit()
    expected = dict(session.execute(sa.select(Claim.id, Claim.sourcing)).all())
    assert {Sourcing.NONE, Sourcing.SINGLE} <= set(expected.values())  # both kinds repaired
    edited = dict(session.execute(sa.select(Claim.id, Claim.updated_at)).all())
    session.execute(sa.update(Claim).values(sourcing=Sourcing.SEVERAL, rests_on_anonymous=True,
                                            updated_at=Claim.updated_at))
    assert not check.verify(session, SYSTEM).ok
    check.rebuild(session, SYSTEM)
    session.expire_all()
    assert check.verify(session, SYSTEM).ok
    assert dict(session.execute(sa.select(Claim.id, Claim.sourcing)).all()) == expected
    assert dict(session.execute(sa.select(Claim.id, Claim.updated_at)).all()) == edited


def test_a_submitted_review_moves_its_claims_counters_in_one_statement(session, people):
    """Every change to a claim reads its figure state before and after the
    flush and moves the counters by the difference: the first review moves
    a claim out of "new" (four counters). Each side reads the claims with
    their newest verdict in one statement, the chains are not read again
    when the flush left them alone, and all the counters move in one
    statement: every write on the desk pays for these."""
    from tests.support.querycount import count_statements

    Desk(session, people, random.Random(3)).add_article()
    session.commit()
    claim = session.scalars(sa.select(Claim).where(Claim.status == ClaimStatus.NEW)
                            .order_by(Claim.id)).first()
    assert claim is not None
    who = acting(session, people["one"])
    with count_statements(session.get_bind()) as log:
        reviews.save_review(session, who, claim.id,
                            ReviewInput(TruthRating.TRUE, AttributionRating.ACCURATE,
                                        "Checked the record."),
                            submit=True, expected_version=None, required=2)
    session.commit()
    assert claim.status is ClaimStatus.IN_REVIEW
    writes = [s for s in log.statements
              if s.lstrip().upper().startswith("INSERT INTO FIGURE_COUNTS")]
    assert len(writes) == 1, writes
    verdict_reads = [s for s in log.statements if "FROM verdicts" in s]
    claim_reads = [s for s in log.statements  # the figure state: claim, outlet, sourcing
                   if s.lstrip().startswith("SELECT claims.id, articles.outlet, claims.status")]
    # Before and after the flush that moved the claim: the verdict rides
    # along with the claim's row, never a statement of its own.
    assert len(claim_reads) == 2 and verdict_reads == claim_reads, log.statements
    # Its chains are read once: the flush that moved the claim touched none.
    chain_reads = [s for s in log.statements if s.lstrip().startswith(
        "SELECT attributions.claim_id, attribution_hops.source_id, sources.kind")]
    assert len(chain_reads) == 1, log.statements
    assert check.verify(session, SYSTEM).ok
