"""Verdicts and corrections as lists to read (the API's): published ones
for everyone who reads; approved-but-unpublished verdicts and the internal
correction notes only for those who decide verdicts."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.models.correction import Correction
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound
from factcheck.services.core.pages import Slice, slice_of
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import row_id_in_range


def sees_unpublished(actor: Actor) -> bool:
    return actor.can(Permission.DECIDE_VERDICTS)


def _visible_verdicts(actor: Actor) -> list[sa.ColumnElement[bool]]:
    return [] if sees_unpublished(actor) else [Verdict.published_at.is_not(None)]


def verdicts_after(session: DbSession, actor: Actor, after: int | None, *,
                   rating: TruthRating | None = None, claim_id: int | None = None,
                   limit: int = 50) -> Slice[Verdict]:
    """Newest first; a correction's new verdict and the one it replaced
    are both listed (``supersedes_id`` links them)."""
    require(actor, Permission.VIEW_ARTICLES)
    where = _visible_verdicts(actor)
    if rating is not None:
        where.append(Verdict.rating == rating)
    if claim_id is not None:
        where.append(Verdict.claim_id == claim_id)
    if after is not None:
        where.append(Verdict.id < after)
    rows = session.scalars(sa.select(Verdict).where(*where).order_by(Verdict.id.desc())
                           .limit(limit + 1)).all()
    return slice_of(rows, limit, lambda verdict: (verdict.id,))


def get_verdict(session: DbSession, actor: Actor, verdict_id: int) -> Verdict:
    require(actor, Permission.VIEW_ARTICLES)
    verdict = session.get(Verdict, verdict_id) if row_id_in_range(verdict_id) else None
    # An unpublished verdict is as absent as a missing one to those who may not see it.
    if verdict is None or (verdict.published_at is None and not sees_unpublished(actor)):
        raise NotFound("No such verdict.")
    return verdict


def corrections_after(session: DbSession, actor: Actor, after: int | None, *,
                      claim_id: int | None = None, limit: int = 50) -> Slice[Correction]:
    require(actor, Permission.VIEW_ARTICLES)
    where: list[sa.ColumnElement[bool]] = []
    if claim_id is not None:
        where.append(Correction.claim_id == claim_id)
    if after is not None:
        where.append(Correction.id < after)
    rows = session.scalars(sa.select(Correction).where(*where)
                           .order_by(Correction.id.desc()).limit(limit + 1)).all()
    return slice_of(rows, limit, lambda correction: (correction.id,))


def get_correction(session: DbSession, actor: Actor, correction_id: int) -> Correction:
    require(actor, Permission.VIEW_ARTICLES)
    correction = (session.get(Correction, correction_id)
                  if row_id_in_range(correction_id) else None)
    if correction is None:
        raise NotFound("No such correction.")
    return correction
