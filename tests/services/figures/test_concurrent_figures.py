"""Many people changing claims at the same moment, in real transactions on
connections of their own: every counter increment lands (the same
counter rows are hit by all of them), and the figures still equal a
recount. PostgreSQL runs them truly in parallel; SQLite queues writers."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask_migrate import upgrade

from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.extensions import db
from factcheck.models.user import User
from factcheck.services.core.errors import ServiceError
from factcheck.services.figures import check
from factcheck.services.review import reviews
from factcheck.services.review.reviews import ReviewInput
from tests.support.factories import SYSTEM, make_user
from tests.support.workflow import story_claims

CHECKERS = 4


@pytest.fixture
def engine(fresh_app):
    with fresh_app.app_context():
        upgrade()
        yield db.engine


def _all_at_once(engine: Any, jobs: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job: Any) -> None:
        with db.session.session_factory(bind=engine) as session:
            barrier.wait()
            try:
                job(session)
                session.commit()
                result = "saved"
            except ServiceError:
                session.rollback()  # refused, as a request would be: a third reviewer
                result = "refused"
            except Exception as error:
                session.rollback()
                result = f"failed: {error!r}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_reviews_submitted_at_once_lose_no_increment(engine):
    with db.session.session_factory(bind=engine) as session:
        editor = make_user(session, email="ed@example.org", role="editor")
        checkers = [make_user(session, email=f"c{n}@example.org", role="checker").id
                    for n in range(CHECKERS)]
        claims = [claim.id for claim in story_claims(session, editor)]
    # Each checker reviews a claim of their own, and all of them the first
    # claim too: the same counters and the same claim row, all at once.
    jobs = []
    for number, checker in enumerate(checkers):
        for claim_id in {claims[0], claims[1 + number % (len(claims) - 1)]}:
            def submit(session: Any, checker: int = checker, claim_id: int = claim_id) -> None:
                reviews.save_review(session, session.get(User, checker), claim_id,
                                    ReviewInput(T.TRUE, A.ACCURATE, "Checked."), submit=True,
                                    expected_version=None, required=2)
            jobs.append(submit)
    outcomes = _all_at_once(engine, jobs)
    # The first claim takes two blind reviews and refuses the rest.
    assert sorted(outcomes) == sorted(["saved"] * (len(jobs) - CHECKERS + 2)
                                      + ["refused"] * (CHECKERS - 2)), outcomes
    with db.session.session_factory(bind=engine) as session:
        result = check.verify(session, SYSTEM)
        assert result.ok, result.differences
