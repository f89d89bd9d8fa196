"""Importing other fact-checkers' verdicts: what lands, what is refused,
re-imports, the audit trail and who may do it."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.models.audit import AuditEvent
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument
from factcheck.services.core.errors import PermissionDenied, ValidationFailed
from factcheck.services.matching.claimreview_import import import_bytes
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.workflow import acting


def feed(*items: object) -> bytes:
    return json.dumps(list(items)).encode()


def audit_actions(session) -> list[str]:
    return list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_valid_records_are_stored_indexed_and_audited_bad_ones_reported(session):
    report = import_bytes(session, SYSTEM, feed(review(1), review(2, url=7), review(3)),
                          "checkers.json")
    session.commit()
    assert (report.created, report.updated, len(report.problems)) == (2, 0, 1)
    assert report.problems[0].position == "[1]"
    stored = session.scalars(sa.select(ExternalVerdict).order_by(ExternalVerdict.id)).all()
    assert [verdict.review_url[-1] for verdict in stored] == ["1", "3"]
    assert stored[0].publisher_name == "Coastal Checkers"
    assert session.scalar(sa.select(sa.func.count()).select_from(MatchDocument)) == 2
    assert audit_actions(session) == [AuditAction.EXTERNAL_VERDICTS_IMPORTED.value]


def test_reimport_updates_by_url_and_audits_the_change(session):
    import_bytes(session, SYSTEM, feed(review(1), review(2)), "first.json")
    session.commit()
    changed = review(1, reviewRating={"alternateName": "Mostly false", "ratingValue": 2})
    report = import_bytes(session, SYSTEM, feed(changed, review(2), review(4)), "second.json")
    session.commit()
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    first = session.scalar(sa.select(ExternalVerdict).where(
        ExternalVerdict.review_url == "https://checkers.example/reviews/1"))
    assert first is not None and first.rating_text == "Mostly false"
    assert first.rating_value == 2.0
    assert session.scalar(sa.select(sa.func.count()).select_from(ExternalVerdict)) == 3
    update = session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.EXTERNAL_VERDICT_UPDATED.value))
    assert update is not None and "Mostly false" in (update.after or "")
    assert '"False"' in (update.before or "")


def test_the_same_url_twice_in_one_file_keeps_the_first(session):
    report = import_bytes(session, SYSTEM, feed(review(1), review(1, claimReviewed="Other")),
                          "twice.json")
    assert report.created == 1
    assert report.problems[0].position == "[1]" and "same review URL" in \
        report.problems[0].message


def test_an_unreadable_file_changes_nothing(session):
    with pytest.raises(ValidationFailed, match="not valid JSON"):
        import_bytes(session, SYSTEM, b'[{"url": "https://x.example/1", ', "broken.json")
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(ExternalVerdict)) == 0
    assert audit_actions(session) == []


def test_checkers_may_not_import_editors_and_admins_may(session, checker, editor, admin):
    with pytest.raises(PermissionDenied):
        import_bytes(session, acting(session, checker), feed(review(1)), "x.json")
    assert import_bytes(session, acting(session, editor), feed(review(1)), "x.json").created == 1
    assert import_bytes(session, acting(session, admin), feed(review(2)), "x.json").created == 1
