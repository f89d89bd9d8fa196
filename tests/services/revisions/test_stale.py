"""Stale verdicts: the editor queue, the notice on the report, and the two
ways out (confirm with a dated note, or reopen), audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.revisions import RevisionOrigin, StaleResolution
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.services.core.errors import PermissionDenied, ValidationFailed
from factcheck.services.revisions import applying, stale
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.verdicts import publish

COST = "The stoppage cost the port about $3 million a day"


def _stale_claim(session, checker, editor):
    actor = acting(session, checker)
    article = save_article(session, actor, PORT_REOPENS).article
    claim = next(c for c in article.claims if COST in c.text)
    publish(session, claim, editor.id, TruthRating.FALSE)
    applying.apply_revision(session, actor, article.id,
                            PORT_REOPENS.replace("$3 million", "$4 million"),
                            RevisionOrigin.PASTE)
    session.commit()
    return claim


def test_stale_claims_wait_in_the_editor_queue_and_the_report_says_so(session, checker,
                                                                         editor):
    claim = _stale_claim(session, checker, editor)
    (row,) = stale.stale_queue(session, acting(session, editor))
    assert row.claim_id == claim.id
    notice = stale.stale_notice(session, claim.id)
    assert notice is not None and "$3 million" in notice.old_text
    assert notice.changed_on == row.revision.added_at


def test_checkers_do_not_see_the_queue(session, checker, editor):
    _stale_claim(session, checker, editor)
    with pytest.raises(PermissionDenied):
        stale.stale_queue(session, acting(session, checker))


def test_confirming_leaves_a_dated_public_note_and_clears_the_notice(session, checker, editor):
    claim = _stale_claim(session, checker, editor)
    me = acting(session, editor)
    (row,) = stale.stale_queue(session, me)
    with pytest.raises(ValidationFailed, match="still holds"):
        stale.confirm(session, me, row.id, note="  ")
    stale.confirm(session, me, row.id, note="The outlet corrected the figure; still false.")
    session.commit()
    assert stale.stale_notice(session, claim.id) is None
    assert stale.stale_queue(session, me) == []
    (note,) = session.scalars(sa.select(Correction).where(
        Correction.kind == CorrectionKind.ARTICLE_CHANGED)).all()
    assert note.public_note == "The outlet corrected the figure; still false."
    assert note.previous_rating is note.new_rating is TruthRating.FALSE
    assert session.get(Claim, claim.id).status is ClaimStatus.PUBLISHED
    assert session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.STALE_VERDICT_CONFIRMED)).entity_id == str(claim.id)
    with pytest.raises(ValidationFailed, match="already confirmed"):
        stale.confirm(session, me, row.id, note="again")


def test_reopening_sends_the_claim_back_to_review(session, checker, editor):
    claim = _stale_claim(session, checker, editor)
    me = acting(session, editor)
    (row,) = stale.stale_queue(session, me)
    current = session.get(Claim, claim.id)
    stale.reopen(session, me, row.id, reason="The figure changed.",
                 public_note="The article now gives a different figure; we are checking again.",
                 expected_version=current.version, required=2)
    session.commit()
    assert session.get(Claim, claim.id).status is not ClaimStatus.PUBLISHED
    assert row.resolution is StaleResolution.REOPENED
    assert stale.stale_notice(session, claim.id) is None
    kinds = session.scalars(sa.select(Correction.kind)).all()
    assert kinds == [CorrectionKind.REOPENED]
