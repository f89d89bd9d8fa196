"""The audit trail: one chained event per change, refused edits, and a
verifier that names the first broken row."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.audit_chain import GENESIS_HASH
from factcheck.models.audit import AuditEvent
from factcheck.services.audit import trail as audit
from tests.support.factories import SYSTEM

DROP_TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"],
    "postgresql": ["DROP TRIGGER audit_events_no_update_delete ON audit_events"],
}


def _record_five(session):
    for number in range(5):
        audit.record(session, SYSTEM, AuditAction.SOURCE_UPDATED, "source", number,
                     before={"name": f"old {number}"}, after={"name": f"new {number}"})
    session.commit()


def _drop_triggers(session, backend):
    for statement in DROP_TRIGGERS[backend]:
        session.execute(sa.text(statement))


def test_events_are_chained_with_gap_free_seq(session):
    _record_five(session)
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS_HASH
    for previous, current in itertools.pairwise(rows):
        assert current.prev_hash == previous.hash
    assert rows[2].before == '{"name":"old 2"}'
    result = audit.verify(session)
    assert result.ok and result.checked == 5


def test_rolled_back_change_leaves_no_event_and_no_gap(session):
    _record_five(session)
    audit.record(session, SYSTEM, AuditAction.SOURCE_UPDATED, "source", 99)
    session.rollback()
    audit.record(session, SYSTEM, AuditAction.SOURCE_UPDATED, "source", 100)
    session.commit()
    seqs = session.scalars(sa.select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
    assert seqs == [1, 2, 3, 4, 5, 6]
    assert audit.verify(session).ok


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET actor = 'someone else' WHERE seq = 2",
    "DELETE FROM audit_events WHERE seq = 2",
])
def test_database_refuses_update_and_delete(session, statement):
    _record_five(session)
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(sa.text(statement))
    assert audit.verify(session).ok


def test_postgresql_refuses_truncate(session, backend):
    if backend != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    _record_five(session)
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(sa.text("TRUNCATE audit_events"))


def test_verify_names_an_edited_row(session, backend):
    _record_five(session)
    _drop_triggers(session, backend)
    session.execute(sa.text("UPDATE audit_events SET after = '{}' WHERE seq = 3"))
    result = audit.verify(session)
    assert not result.ok
    assert result.broken_seq == 3
    assert "altered" in result.reason


def test_verify_names_a_deleted_row(session, backend):
    _record_five(session)
    _drop_triggers(session, backend)
    session.execute(sa.text("DELETE FROM audit_events WHERE seq = 2"))
    result = audit.verify(session)
    assert not result.ok
    assert result.broken_seq == 2


def test_verify_names_reordered_rows(session, backend):
    _record_five(session)
    _drop_triggers(session, backend)
    # Swap rows 2 and 4 by renumbering them through a free number.
    session.execute(sa.text("UPDATE audit_events SET seq = 100 WHERE seq = 2"))
    session.execute(sa.text("UPDATE audit_events SET seq = 2 WHERE seq = 4"))
    session.execute(sa.text("UPDATE audit_events SET seq = 4 WHERE seq = 100"))
    result = audit.verify(session)
    assert not result.ok
    assert result.broken_seq == 2


def test_verify_with_anchor_catches_lost_newest_rows(session, backend):
    _record_five(session)
    seq, digest = audit.head(session)
    assert seq == 5
    assert audit.verify(session, anchor=(seq, digest)).ok
    _drop_triggers(session, backend)
    session.execute(sa.text("DELETE FROM audit_events WHERE seq >= 4"))
    assert audit.verify(session).ok  # the rest still chains...
    result = audit.verify(session, anchor=(seq, digest))
    assert not result.ok  # ...but the anchor kept outside knows better
    assert result.broken_seq == 4


def test_event_records_request_context_when_given(session):
    with audit.audit_context_set({"ip": "198.51.100.7"}):
        audit.record(session, SYSTEM, AuditAction.LOGIN, "user", 1)
    session.commit()
    row = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert row is not None and row.context == '{"ip":"198.51.100.7"}'


def test_events_join_the_chain_at_commit_in_the_order_they_were_recorded(session):
    before = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    for number in (3, 1, 2):
        audit.record(session, SYSTEM, AuditAction.SOURCE_UPDATED, "source", number)
    # Recorded, not yet appended: the chain is locked only while committing.
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before
    session.commit()
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [row.entity_id for row in rows[before:]] == ["3", "1", "2"]
    assert audit.verify(session).ok


def test_only_the_apps_sessions_append_to_the_trail(session, request):
    """A session made outside the app's factory (another library's, a
    script's) is left alone: committing it neither appends nor fails."""
    with Session(bind=request.node.db_connection,
                 join_transaction_mode="create_savepoint") as foreign:
        audit.record(foreign, SYSTEM, AuditAction.SOURCE_UPDATED, "source", 1)
        foreign.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
    _record_five(session)  # the app's own session, from the same connection
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 5
