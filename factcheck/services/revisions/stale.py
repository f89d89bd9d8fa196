"""Stale verdicts: claims whose words changed or vanished in a new revision
while they had reviews or a verdict. Editors see them in a queue and
either confirm the verdict still holds (a dated correction note readers
see) or reopen the claim. Until then its public report says the article
changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.revisions import StaleResolution
from factcheck.domain.roles import Permission
from factcheck.domain.workflow import REOPENABLE
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.models.revision import ArticleRevision, ClaimReanchor
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import plain_field, row_id_in_range
from factcheck.services.review import verdicts
from factcheck.services.webhooks import events as webhook_events

ENTITY = "claim"


@dataclass(frozen=True)
class StaleNotice:
    """What a report says about a verdict whose article changed."""

    changed_on: datetime
    reason: str
    old_text: str
    new_text: str | None


def _open_stale() -> sa.Select[ClaimReanchor]:
    return sa.select(ClaimReanchor).where(ClaimReanchor.stale.is_(True),
                                          ClaimReanchor.resolution.is_(None))


def stale_queue(session: DbSession, actor: Actor) -> list[ClaimReanchor]:
    """Open stale flags, oldest first, with their claims and revisions."""
    require(actor, Permission.DECIDE_VERDICTS)
    return list(session.scalars(_open_stale().options(
        selectinload(ClaimReanchor.claim), selectinload(ClaimReanchor.revision))
        .order_by(ClaimReanchor.id)))


def stale_notice(session: DbSession, claim_id: int) -> StaleNotice | None:
    """Public: for the claim's report page, the first unresolved change."""
    row = session.scalar(_open_stale().where(ClaimReanchor.claim_id == claim_id)
                         .options(selectinload(ClaimReanchor.revision))
                         .order_by(ClaimReanchor.id).limit(1))
    if row is None:
        return None
    return StaleNotice(row.revision.added_at, row.stale_reason or "", row.old_text,
                       row.new_text)


def open_changes(session: DbSession, claim_ids: list[int]) -> dict[int, datetime]:
    """For a report: when the article first changed under each claim whose
    stale flag is still open."""
    if not claim_ids:
        return {}
    rows = session.execute(
        sa.select(ClaimReanchor.claim_id, sa.func.min(ArticleRevision.added_at))
        .join(ArticleRevision, ArticleRevision.id == ClaimReanchor.revision_id)
        .where(ClaimReanchor.stale.is_(True), ClaimReanchor.resolution.is_(None),
               ClaimReanchor.claim_id.in_(claim_ids))
        .group_by(ClaimReanchor.claim_id))
    return {claim_id: changed_on for claim_id, changed_on in rows}


def _get_open(session: DbSession, stale_id: int) -> ClaimReanchor:
    row = session.get(ClaimReanchor, stale_id) if row_id_in_range(stale_id) else None
    if row is None or not row.stale:
        raise NotFound("No such stale claim.")
    if row.resolution is not None:
        raise ValidationFailed(f"This change was already {row.resolution.value} by an editor.")
    return row


def _resolve(session: DbSession, editor: User, row: ClaimReanchor,
             resolution: StaleResolution, note: str, action: AuditAction) -> None:
    before = {"stale": True, "resolution": None}
    row.resolution, row.resolved_by_id, row.resolved_at = resolution, editor.id, utcnow()
    row.resolution_note = note
    session.flush()
    audit.record(session, editor, action, ENTITY, row.claim_id, before=before,
                 after={"stale": True, "resolution": resolution.value, "note": note,
                        "revision_id": row.revision_id})


def confirm(session: DbSession, editor: User, stale_id: int, *, note: str) -> ClaimReanchor:
    """The verdict still holds for the new text. On a published verdict the
    note is a dated correction readers see."""
    require(editor, Permission.DECIDE_VERDICTS)
    row = _get_open(session, stale_id)
    note = plain_field(note, "The note").strip()
    if not note:
        raise ValidationFailed("Say why the verdict still holds; readers see it as a dated "
                               "correction note.")
    published = verdicts.latest_published(session, row.claim_id)
    if published is not None:
        correction = Correction(claim_id=row.claim_id, kind=CorrectionKind.ARTICLE_CHANGED,
                                previous_rating=published.rating,
                                new_rating=published.rating, note=note, public_note=note,
                                created_by_id=editor.id)
        session.add(correction)
        webhook_events.correction_published(session, correction)
    _resolve(session, editor, row, StaleResolution.CONFIRMED, note,
             AuditAction.STALE_VERDICT_CONFIRMED)
    return row


def reopen(session: DbSession, editor: User, stale_id: int, *, reason: str,
           public_note: str, expected_version: int, required: int) -> ClaimReanchor:
    """Back to review: a decided claim is reopened through the verdict
    workflow (with its own correction when it was published); a claim
    still in review just carries on with its new words."""
    require(editor, Permission.DECIDE_VERDICTS)
    row = _get_open(session, stale_id)
    reason = plain_field(reason, "The reason").strip()
    if not reason:
        raise ValidationFailed("Give the reason for reopening; it is kept with the claim.")
    if row.claim.status in REOPENABLE:
        verdicts.reopen(session, editor, row.claim_id, reason=reason,
                        expected_version=expected_version, required=required,
                        public_note=public_note)
    _resolve(session, editor, row, StaleResolution.REOPENED, reason,
             AuditAction.STALE_VERDICT_REOPENED)
    return row
