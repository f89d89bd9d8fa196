"""A reviewer's "same claim as ...": a published verdict (ours or another
fact-checker's) becomes a piece of evidence, with a stance, on their own
review. It informs the review; it never sets a rating or a verdict."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.ratings import EvidenceStance
from factcheck.domain.roles import Permission
from factcheck.domain.workflow import REVIEWABLE
from factcheck.models.claim import Claim
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument
from factcheck.models.review import Evidence, Review
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import require
from factcheck.services.core.errors import NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.matching.published_text import published_claim_text
from factcheck.services.review import workflow

# Evidence made by a link says so in its title: the decision page lists these.
SAME_CLAIM_PREFIX = "Same claim as: "


def _described(session: DbSession, target: str) -> tuple[str, str, str]:
    """(url, title, note) for a target "ours:<claim id>" or "theirs:<id>"."""
    kind, _, raw_id = target.partition(":")
    if not raw_id.isdigit() or len(raw_id) > 12:
        raise NotFound("No such published verdict.")
    if kind == "theirs":
        external = session.get(ExternalVerdict, int(raw_id))
        if external is None:
            raise NotFound("No such published verdict.")
        note = f"{external.publisher_name or 'Another fact-checker'} rated it " \
               f"\"{external.rating_text}\"" + (
                   f" on {external.review_date.isoformat()}" if external.review_date else "")
        return (external.review_url, f"{SAME_CLAIM_PREFIX}{external.claim_text}"[:500],
                note + ".")
    if kind == "ours":
        row = session.execute(
            sa.select(Claim, Verdict).join(MatchDocument, MatchDocument.claim_id == Claim.id)
            .join(Verdict, Verdict.id == MatchDocument.verdict_id)
            .where(Claim.id == int(raw_id))).first()
        if row is None:
            raise NotFound("No such published verdict.")
        claim, verdict = row
        published = verdict.published_at.date().isoformat() if verdict.published_at else ""
        return ("", f"{SAME_CLAIM_PREFIX}{published_claim_text(claim, verdict)}"[:500],
                f"Our verdict on claim {claim.id}: {verdict.rating.label}, published "
                f"{published}.")
    raise NotFound("No such published verdict.")


def mark_same_claim(session: DbSession, actor: User, claim_id: int, target: str,
                    stance: EvidenceStance) -> Review:
    require(actor, Permission.REVIEW_CLAIMS)
    url, title, note = _described(session, target)
    claim = workflow.lock_claim(session, claim_id)
    if claim.status not in REVIEWABLE:
        raise ValidationFailed("This claim has been decided; an editor must reopen it first.")
    if target == f"ours:{claim.id}":
        raise ValidationFailed("A claim cannot be the same claim as itself.")
    review = session.scalar(sa.select(Review).where(Review.claim_id == claim.id,
                                                    Review.reviewer_id == actor.id))
    before = review.audit_snapshot() if review else None
    if review is None:
        review = Review(claim_id=claim.id, reviewer_id=actor.id, rationale="")
        session.add(review)
    if any(item.title == title and item.url == url for item in review.evidence):
        raise ValidationFailed("That verdict is already linked on your review.")
    review.evidence.append(Evidence(position=len(review.evidence), url=url[:2048],
                                    title=title, stance=stance, note=note))
    session.flush()
    audit.record(session, actor, AuditAction.SAME_CLAIM_LINKED, "review", review.id, before=before,
                 after=review.audit_snapshot())
    return review
