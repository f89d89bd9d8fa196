"""An audit trail that proves the state (issue 15, item 9): keyed hashes
that database access alone cannot recompute, heads appended to a file
outside the database, and a replay that names rows changed behind the
application's back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from factcheck.domain.audit_chain import ChainEvent, compute_hash
from factcheck.domain.ratings import TruthRating
from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from factcheck.services.audit import trail as audit
from tests.support.verdicts import add_review, published_claim

KEY = "an audit key kept outside the database, 48 chars"


@pytest.fixture
def keyed() -> Iterator[None]:
    audit.configure_key(KEY)
    yield
    audit.configure_key(None)


def _allow_audit_edits(backend: str) -> None:
    """What someone with database access does first (rolled back with the test)."""
    if backend == "sqlite":
        db.session.execute(sa.text("DROP TRIGGER audit_events_no_update"))
        db.session.execute(sa.text("DROP TRIGGER audit_events_no_delete"))
    else:
        db.session.execute(sa.text("DROP TRIGGER audit_events_no_update_delete ON audit_events"))


def _rewrite_newest(scheme: str) -> int:
    """Edit the newest row and recompute its hash with plain SHA-256, as
    anyone with the database (and this source code) can."""
    row = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    row.actor = "someone else"
    event = ChainEvent(**{**row.to_chain_event().__dict__, "actor": "someone else"})
    row.hash = compute_hash(row.prev_hash, event.canonical())
    row.scheme = scheme
    db.session.commit()
    return row.seq


def test_without_a_key_an_edited_row_can_be_recomputed_and_passes(app, runner, make_user,
                                                                 backend):
    """The finding, as it stands without FACTCHECK_AUDIT_KEY: the chain
    alone cannot tell. (This is why the key exists.)"""
    for number in range(3):
        make_user(email=f"person{number}@example.org")
    with app.app_context():
        _allow_audit_edits(backend)
        _rewrite_newest("sha256")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "unkeyed: set FACTCHECK_AUDIT_KEY" in result.output


@pytest.mark.parametrize("scheme", ["hmac-sha256", "sha256"])
def test_with_the_key_a_recomputed_row_is_caught(app, runner, make_user, backend, keyed,
                                                 scheme):
    for number in range(3):
        make_user(email=f"person{number}@example.org")
    with app.app_context():
        assert set(db.session.scalars(sa.select(AuditEvent.scheme))) == {"hmac-sha256"}
        _allow_audit_edits(backend)
        seq = _rewrite_newest(scheme)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at seq {seq}" in result.output


def test_rows_from_before_the_key_stay_verifiable(app, runner, make_user):
    make_user(email="before@example.org")
    audit.configure_key(KEY)
    try:
        make_user(email="after@example.org")
        with app.app_context():
            schemes = db.session.scalars(sa.select(AuditEvent.scheme)
                                         .order_by(AuditEvent.seq)).all()
        assert schemes == ["sha256", "hmac-sha256"]
        result = runner.invoke(args=["audit", "verify"])
        assert result.exit_code == 0, result.output
        assert "keyed (HMAC)" in result.output
    finally:
        audit.configure_key(None)
    # Without the key, keyed rows cannot be checked, and verify says why.
    unkeyed = runner.invoke(args=["audit", "verify"])
    assert unkeyed.exit_code == 1 and "set FACTCHECK_AUDIT_KEY" in unkeyed.output


def test_anchor_appends_heads_and_verify_catches_lost_rows(app, runner, make_user, backend,
                                                          tmp_path):
    anchors = tmp_path / "audit-anchors.txt"
    make_user(email="one@example.org")
    first = runner.invoke(args=["audit", "anchor", "--append", str(anchors)])
    assert first.exit_code == 0, first.output
    make_user(email="two@example.org")
    assert runner.invoke(args=["audit", "anchor", "--append", str(anchors)]).exit_code == 0
    lines = anchors.read_text().splitlines()
    assert [line.split(":")[0] for line in lines] == ["1", "2"]
    assert runner.invoke(args=["audit", "verify", "--anchor-file", str(anchors)]).exit_code == 0
    with app.app_context():
        _allow_audit_edits(backend)
        db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 2))
        db.session.commit()
    lost = runner.invoke(args=["audit", "verify", "--anchor-file", str(anchors)])
    assert lost.exit_code == 1 and "newest rows lost" in lost.output
    # A broken chain is not anchored: nothing is appended.
    assert runner.invoke(args=["audit", "anchor", "--append", str(anchors)]).exit_code == 1
    assert len(anchors.read_text().splitlines()) == 2


def _edit_then_verify_state(runner, session, edits: list[tuple[str, int]]) -> str:
    """Edit rows with SQL, as someone with database access would; then
    'audit verify --state' must fail, and its output says what it found."""
    for statement, row_id in edits:
        session.execute(sa.text(statement), {"id": row_id})
    session.commit()
    result = runner.invoke(args=["audit", "verify", "--state"])
    assert result.exit_code == 1
    return str(result.output)


def test_verify_state_names_every_row_changed_outside_the_application(app, runner, session,
                                                                      editor):
    """Direct edits to verdicts, reviews and claims used to leave no trace
    that 'audit verify' could see."""
    from tests.support.articles import PORT_REOPENS, acting, save_article

    saved = save_article(session, acting(session, editor), PORT_REOPENS)
    clean = runner.invoke(args=["audit", "verify", "--state"])
    assert clean.exit_code == 0, clean.output
    assert "match the trail" in clean.output
    claim = saved.article.claims[0]
    session.execute(sa.text("UPDATE claims SET status = 'published' WHERE id = :id"),
                    {"id": claim.id})
    published = published_claim(session, editor.id, "Fares fell by half, the operator said.")
    review = add_review(session, published, editor.id, TruthRating.TRUE, [])
    output = _edit_then_verify_state(runner, session, [
        ("UPDATE verdicts SET rating = 'true' WHERE claim_id = :id", published.id)])
    assert f"claim {claim.id}: status is \"published\", the trail says \"new\"" in output
    assert f"review {review.id}: exists, but no event records it" in output
    assert "verdict " in output and "added outside the application" in output


def test_verify_state_names_a_verdict_and_a_review_edited_in_the_database(runner, session,
                                                                          editor, make_user):
    from factcheck.domain.ratings import AttributionRating
    from factcheck.models.verdict import Verdict
    from factcheck.services.review import reviews, verdicts
    from factcheck.services.review.reviews import ReviewInput
    from tests.support.workflow import acting, story_claims

    claim = story_claims(session, editor)[1]
    for email in ("one@example.org", "two@example.org"):
        reviewer = acting(session, make_user(email=email))
        reviews.save_review(session, reviewer, claim.id,
                            ReviewInput(TruthRating.FALSE, AttributionRating.ACCURATE, "No."),
                            submit=True, expected_version=None, required=2)
        session.commit()
    session.refresh(claim)
    verdicts.decide(session, acting(session, editor), claim.id, rating=TruthRating.FALSE,
                    public_rationale="Records show otherwise.", expected_version=claim.version)
    session.commit()
    assert runner.invoke(args=["audit", "verify", "--state"]).exit_code == 0
    verdict_id = session.scalar(sa.select(Verdict.id).where(Verdict.claim_id == claim.id))
    output = _edit_then_verify_state(runner, session, [
        ("UPDATE verdicts SET rating = 'true' WHERE id = :id", verdict_id),
        ("UPDATE reviews SET rationale = 'Yes.' WHERE claim_id = :id", claim.id)])
    assert f'verdict {verdict_id}: rating is "true", the trail says "false"' in output
    assert output.count('rationale is "Yes.", the trail says "No."') == 2
