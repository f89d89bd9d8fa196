"""The demo's review history: reviews, a dispute, decided and published
verdicts and one correction, made through the same services people use,
so the audit trail and every page look as they would in real use."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import EvidenceStance
from factcheck.domain.ratings import TruthRating as T
from factcheck.models.claim import Claim
from factcheck.models.user import User
from factcheck.services.core.session import DbSession
from factcheck.services.review import reviews, verdicts, workflow
from factcheck.services.review.reviews import EvidenceInput, ReviewInput


@dataclass(frozen=True)
class DemoReview:
    truth: T
    attribution: A
    rationale: str
    evidence: tuple[tuple[str, str, EvidenceStance], ...] = ()


@dataclass(frozen=True)
class DemoCase:
    """A claim found by a phrase in its text, and what happens to it."""

    phrase: str
    reviews: tuple[DemoReview, ...]
    verdict: tuple[T, str] | None = None
    publish: bool = False
    correction: tuple[T, str, str] | None = None  # new rating, rationale, note


PORT = "https://port-authority.example/statements/2025-10-31"
CASES = (
    DemoCase("41 vessels", (
        DemoReview(T.TRUE, A.ACCURATE, "The authority's noon statement gives 41 ships at anchor.",
                   (("Port authority noon statement", PORT, EvidenceStance.SUPPORTS),)),
        DemoReview(T.TRUE, A.ACCURATE, "Matches the statement and the AIS vessel count at 12:00."),
    ), verdict=(T.TRUE, "The port authority's statement lists 41 vessels waiting at anchor at "
                        "midday on 31 October."), publish=True),
    DemoCase("312 to 18", (
        DemoReview(T.MOSTLY_TRUE, A.ACCURATE, "Union ballot notice shows 312 for, 18 against, "
                                              "4 spoiled; the quote leaves out the spoiled ones."),
        DemoReview(T.MOSTLY_TRUE, A.ACCURATE, "Ballot result confirmed by the union's website."),
    ), verdict=(T.MOSTLY_TRUE, "The union's ballot notice confirms 312 votes to 18; four spoiled "
                               "ballots are not mentioned."), publish=True,
        correction=(T.TRUE, "The union's ballot notice confirms 312 votes to 18. Spoiled "
                            "ballots are not counted as votes under the union's rules.",
                    "Rating raised from Mostly true: spoiled ballots do not count as votes.")),
    DemoCase("3.1 percent", (
        DemoReview(T.UNVERIFIABLE, A.UNVERIFIABLE, "Only anonymous sources; the offer letter has "
                                                   "not been published."),
        DemoReview(T.HALF_TRUE, A.ACCURATE, "The authority's own bulletin mentions a 3.1% offer, "
                                            "but over three years, not two."),
    )),
    DemoCase("28,000 containers", (
        DemoReview(T.MISLEADING, A.ACCURATE, "28,000 is the daily average for the whole port, "
                                             "not only ships needing pilots."),
    )),
    DemoCase("lowest level since 1995", (
        DemoReview(T.TRUE, A.ACCURATE, "The study's table 2 shows the 1995 low was 21 percent."),
        DemoReview(T.TRUE, A.ACCURATE, "Confirmed with the department's published dataset."),
    ), verdict=(T.TRUE, "The University of Granada study shows reserves at their lowest since "
                        "1995."), publish=True),
    DemoCase("hundreds of hospitalisations", (
        DemoReview(T.FALSE, A.ACCURATE, "Hospital and ministry both say no participant was "
                                        "admitted; the post gives no evidence."),
        DemoReview(T.FALSE, A.ACCURATE, "Trial registry shows the trial is still recruiting."),
    ), verdict=(T.FALSE, "The trial was not halted and no participant was hospitalised, "
                         "according to the hospital and the ministry."), publish=True),
    DemoCase("81 percent", (
        DemoReview(T.TRUE, A.ACCURATE, "Institute's autumn report, table 4: 81.2 percent."),
        DemoReview(T.MOSTLY_TRUE, A.ACCURATE, "The figure is right but covers over-65s in "
                                              "mainland Norway only."),
    )),
)


def _find(session: DbSession, phrase: str) -> Claim | None:
    return session.scalar(sa.select(Claim).where(Claim.text.contains(phrase))
                          .order_by(Claim.id).limit(1))


def load_demo_reviews(session: DbSession, editor: User, checkers: list[User],
                      required: int = 2) -> int:
    """Returns how many claims got a review history."""
    done = 0
    for case in CASES:
        claim = _find(session, case.phrase)
        if claim is None:
            continue  # extraction drew the claim differently; skip, don't guess
        workflow.take(session, checkers[0], claim.id, claim.version)
        for reviewer, demo in zip(checkers, case.reviews, strict=False):
            data = ReviewInput(demo.truth, demo.attribution, demo.rationale,
                               [EvidenceInput(url=url, title=title, stance=stance)
                                for title, url, stance in demo.evidence])
            reviews.save_review(session, reviewer, claim.id, data, submit=True,
                                expected_version=None, required=required)
        if case.verdict:
            rating, rationale = case.verdict
            verdicts.decide(session, editor, claim.id, rating=rating, public_rationale=rationale,
                            expected_version=claim.version)
        if case.publish:
            verdicts.publish(session, editor, claim.id, correction_note="",
                             expected_version=claim.version)
        if case.correction:
            rating, rationale, note = case.correction
            verdicts.reopen(session, editor, claim.id, reason=note, public_note=note,
                            expected_version=claim.version, required=required)
            verdicts.decide(session, editor, claim.id, rating=rating, public_rationale=rationale,
                            expected_version=claim.version)
            verdicts.publish(session, editor, claim.id, correction_note=note,
                             expected_version=claim.version)
        done += 1
    return done
