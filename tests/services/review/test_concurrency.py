"""Two people saving the same thing at the same moment, in two real
transactions on two connections (not the rolled-back test transaction):
one save wins, the other gets a conflict, nothing is lost or doubled."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.orm import Session

from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.audit import trail as audit
from factcheck.services.core.errors import Conflict
from factcheck.services.review import reviews, verdicts
from factcheck.services.review.reviews import ReviewInput
from tests.support.factories import make_user
from tests.support.workflow import story_claims


@pytest.fixture
def any_engine(fresh_app):
    with fresh_app.app_context():
        upgrade()
        yield db.engine


@pytest.fixture
def engine(any_engine, backend):
    if backend != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serializes writers "
                    "and is covered by the version column")
    return any_engine



def app_session(engine: Any) -> Session:
    """A session from the app's own factory (the one the audit trail
    listens on), on a connection of its own."""
    return db.session.session_factory(bind=engine)

def _race(engine: Any, work: Callable[[Session], None], runners: int = 2) -> list[str]:
    """Run ``work`` in several threads at once, each in its own session and
    transaction; return what happened to each."""
    barrier = threading.Barrier(runners)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        with app_session(engine) as session:
            barrier.wait()
            try:
                work(session)
                session.commit()
                result = "saved"
            except Conflict:
                session.rollback()
                result = "conflict"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _setup(engine: Any) -> dict[str, int]:
    with app_session(engine) as session:
        editor = make_user(session, email="ed@example.org", role="editor")
        one = make_user(session, email="one@example.org", role="checker")
        two = make_user(session, email="two@example.org", role="checker")
        claim = story_claims(session, editor)[1]
        return {"editor": editor.id, "one": one.id, "two": two.id, "claim": claim.id}


def test_same_review_saved_twice_at_once(engine):
    ids = _setup(engine)
    with app_session(engine) as session:
        one = session.get(User, ids["one"])
        draft = reviews.save_review(session, one, ids["claim"], ReviewInput(rationale="draft"),
                                    submit=False, expected_version=None, required=2)
        session.commit()
        opened = draft.version
        events_before = session.scalar(sa.select(sa.func.count(AuditEvent.seq)))

    def save(session: Session) -> None:
        reviews.save_review(session, session.get(User, ids["one"]), ids["claim"],
                            ReviewInput(T.TRUE, A.ACCURATE, f"typed in {threading.get_ident()}"),
                            submit=True, expected_version=opened, required=2)

    assert _race(engine, save) == ["conflict", "saved"]
    with app_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count(Review.id))) == 1
        events_after = session.scalar(sa.select(sa.func.count(AuditEvent.seq)))
        # One review event, plus the claim moving into review: no doubles.
        actions = session.scalars(sa.select(AuditEvent.action)
                                  .where(AuditEvent.seq > events_before)).all()
        assert actions.count("review_submitted") == 1
        assert events_after - events_before == len(actions)
        assert audit.verify(session).ok


def test_two_editors_decide_the_same_claim_at_once(engine):
    ids = _setup(engine)
    with app_session(engine) as session:
        for key in ("one", "two"):
            reviews.save_review(session, session.get(User, ids[key]), ids["claim"],
                                ReviewInput(T.TRUE, A.ACCURATE, "ok"), submit=True,
                                expected_version=None, required=2)
        session.commit()
        version = session.get(Claim, ids["claim"]).version

    def decide(session: Session) -> None:
        verdicts.decide(session, session.get(User, ids["editor"]), ids["claim"],
                        rating=T.TRUE, public_rationale="Confirmed.", expected_version=version)

    assert _race(engine, decide) == ["conflict", "saved"]
    with app_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count(Verdict.id))) == 1
        approvals = session.scalar(sa.select(sa.func.count(AuditEvent.seq))
                                   .where(AuditEvent.action == "verdict_approved"))
        assert approvals == 1
        assert audit.verify(session).ok


def test_many_writers_keep_the_audit_chain_gap_free(any_engine):
    engine = any_engine
    _setup(engine)

    def write(session: Session) -> None:
        from factcheck.domain.audit_actions import AuditAction
        from factcheck.services.core.actors import SystemActor

        for number in range(10):
            audit.record(session, SystemActor("load"), AuditAction.SOURCE_UPDATED, "source",
                         number)

    assert _race(engine, write, runners=4) == ["saved"] * 4
    with app_session(engine) as session:
        result = audit.verify(session)
        assert result.ok, result.reason
        seqs = session.scalars(sa.select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
        assert seqs == list(range(1, len(seqs) + 1))
