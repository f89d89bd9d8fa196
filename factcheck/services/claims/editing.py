"""Editing claims: boundaries, splitting, merging, kind, not-a-claim, and
adding one from a selection. Every edit checks the version the editor saw."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.domain.spans import snap_to_words, split_point
from factcheck.domain.workflow import FROZEN, FROZEN_MESSAGE
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.source import Source
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import Conflict, NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import row_id_in_range
from factcheck.services.matching.claim_figures import refresh_outdated
from factcheck.services.review import workflow

ENTITY = "claim"
CONTEXT = 32
STALE = ("Someone else changed this claim while you were looking at it. Nothing was "
         "overwritten; the page now shows their version.")


def get_claim(session: DbSession, actor: Actor, claim_id: int, *,
              with_reviews: bool = True) -> Claim:
    """The claim with its chains and verdicts, and its reviews unless
    ``with_reviews`` is False (the review page loads those itself, with
    their evidence: loading them here too was a statement and a dozen
    objects for nothing)."""
    require(actor, Permission.VIEW_ARTICLES)
    if not row_id_in_range(claim_id):
        raise NotFound("No such claim.")
    claim = session.scalars(_claim_statement(with_reviews),
                            {"claim_id": claim_id}).unique().first()
    if claim is None:
        raise NotFound("No such claim.")
    return claim


@cache
def _claim_statement(with_reviews: bool) -> sa.Select[Claim]:
    """The statement ``get_claim`` runs, built once: the claim pages ask for
    it on every request, and building it and its cache key cost about as
    much as running it."""
    # The verdicts (a claim has one or two), the assignee named on the
    # claim's pages and the article shown or edited with it: joined here
    # rather than loaded on their own (a statement each).
    relations = [joinedload(Claim.verdicts), joinedload(Claim.assignee),
                 joinedload(Claim.article, innerjoin=True)]
    if with_reviews:
        relations.append(selectinload(Claim.reviews))
    # The chains, their hops and sources joined to the claim in one
    # statement (a claim has a few): three selectin statements before.
    return (
        sa.select(Claim).where(Claim.id == sa.bindparam("claim_id"))
        .outerjoin(Attribution, Attribution.claim_id == Claim.id)
        .outerjoin(AttributionHop, AttributionHop.attribution_id == Attribution.id)
        .outerjoin(Source, Source.id == AttributionHop.source_id)
        .order_by(Attribution.position, AttributionHop.position)
        .options(contains_eager(Claim.attributions).contains_eager(Attribution.hops)
                 .contains_eager(AttributionHop.source), *relations))


def check_editable(actor: Actor, claim: Claim, expected_version: int) -> None:
    """Every edit of a claim or its chains starts here: permission, the
    version the editor saw, and a decided claim stays frozen."""
    require(actor, Permission.EDIT_CLAIMS)
    if claim.version != expected_version:
        raise Conflict(STALE)
    if claim.status in FROZEN:
        raise ValidationFailed(FROZEN_MESSAGE)


_check = check_editable


def _set_span(claim: Claim, body: str, start: int, end: int) -> None:
    if end <= start:
        raise ValidationFailed("A claim needs some text.")
    claim.start, claim.end = start, end
    claim.text = body[start:end]
    claim.prefix = body[max(0, start - CONTEXT):start]
    claim.suffix = body[end:end + CONTEXT]


def _within(body: str, start: int, end: int) -> None:
    """Offsets typed or sent by hand: say plainly when they leave the text."""
    if start < 0 or end > len(body):
        raise ValidationFailed(f"Those boundaries are outside the article: it runs from "
                               f"character 0 to {len(body):,}.")


def _same_span(session: DbSession, article_id: int, start: int, end: int,
               ignore: tuple[int, ...] = ()) -> Claim | None:
    """A live claim on exactly this text. Claims may nest and overlap (a
    slip inside a longer sentence is its own claim); the same text twice
    would only be the same claim twice."""
    return session.scalar(
        # Claims marked "not a claim" (a merged neighbour, a dismissed span)
        # no longer hold their text.
        sa.select(Claim).where(Claim.article_id == article_id, Claim.start == start,
                               Claim.end == end, Claim.status != ClaimStatus.NOT_A_CLAIM,
                               Claim.id.not_in(ignore or (-1,)))
        .limit(1)
    )


def move_boundaries(session: DbSession, actor: Actor, claim: Claim, start: int, end: int,
                    expected_version: int) -> None:
    _check(actor, claim, expected_version)
    body = claim.article.body
    _within(body, start, end)
    start, end = snap_to_words(body, start, end)
    if _same_span(session, claim.article_id, start, end, ignore=(claim.id,)):
        raise ValidationFailed("Another claim already covers exactly that text.")
    before = claim.audit_snapshot()
    _set_span(claim, body, start, end)
    session.flush()
    refresh_outdated(session, [claim])
    audit.record(session, actor, AuditAction.CLAIM_UPDATED, ENTITY, claim.id, before=before,
                 after=claim.audit_snapshot())


def split_claim(session: DbSession, actor: Actor, claim: Claim, at: int,
                expected_version: int) -> Claim:
    """Two claims from one; the second keeps a copy of the attributions."""
    _check(actor, claim, expected_version)
    body = claim.article.body
    cut = split_point(body, claim.start, claim.end, at)
    first = snap_to_words(body, claim.start, cut)
    second = snap_to_words(body, cut, claim.end)
    if first[1] <= first[0] or second[1] <= second[0] or first[1] > second[0]:
        raise ValidationFailed("Choose a split point inside the claim, between two words.")
    before = claim.audit_snapshot()
    _set_span(claim, body, *first)
    twin = Claim(article_id=claim.article_id, kind=claim.kind,
                 checkworthiness=claim.checkworthiness, status=ClaimStatus.NEW)
    _set_span(twin, body, *second)
    for position, attribution in enumerate(claim.attributions):
        copy = Attribution(position=position)
        for hop in attribution.hops:
            copy.hops.append(AttributionHop(
                position=hop.position, source_id=hop.source_id, cue=hop.cue,
                mention_start=hop.mention_start, mention_end=hop.mention_end,
                hedges=hop.hedges, inherited=hop.inherited))
        twin.attributions.append(copy)
    session.add(twin)
    session.flush()
    refresh_outdated(session, [claim, twin])
    # One edit, one event: the new half is described inside it.
    audit.record(session, actor, AuditAction.CLAIM_SPLIT, ENTITY, claim.id, before=before,
                 after={**claim.audit_snapshot(), "new_claim_id": twin.id,
                        "new_claim": twin.audit_snapshot()})
    return twin


def merge_with_next(session: DbSession, actor: Actor, claim: Claim,
                    expected_version: int) -> Claim:
    """Join a claim and the one after it; the later one is marked not a
    claim (kept, with its history) and its span joins the first."""
    _check(actor, claim, expected_version)
    following = session.scalar(
        sa.select(Claim).where(Claim.article_id == claim.article_id, Claim.start >= claim.end,
                               Claim.status != ClaimStatus.NOT_A_CLAIM)
        .order_by(Claim.start).limit(1)
    )
    if following is None:
        raise ValidationFailed("There is no following claim to merge with.")
    if following.reviews or following.verdicts:
        raise ValidationFailed("The following claim already has reviews; it cannot be merged.")
    before = claim.audit_snapshot()
    gone_before = following.audit_snapshot()
    # Through the workflow: the absorbed claim leaves the desk as Not a claim,
    # marked with where its text went.
    workflow.enter(following, ClaimStatus.NOT_A_CLAIM)
    following.merged_into_id = claim.id
    _set_span(claim, claim.article.body, claim.start, following.end)
    session.flush()
    refresh_outdated(session, [claim])
    audit.record(session, actor, AuditAction.CLAIM_MERGED, ENTITY, claim.id,
                 before={**before, "merged_claim": gone_before},
                 after={**claim.audit_snapshot(), "merged_claim_id": following.id,
                        "merged_claim": following.audit_snapshot()})
    # The absorbed claim's history must show it too: a second event, on it.
    audit.record(session, actor, AuditAction.CLAIM_MERGED, ENTITY, following.id,
                 before=gone_before,
                 after={**following.audit_snapshot(), "merged_into_id": claim.id})
    return claim


def update_details(session: DbSession, actor: Actor, claim: Claim, *, kind: ClaimKind,
                   not_a_claim: bool, expected_version: int) -> None:
    _check(actor, claim, expected_version)
    before = claim.audit_snapshot()
    claim.kind = kind
    # Through the workflow's transitions: a claim reviewers have finished
    # with cannot be dismissed, and one brought back resumes where it was.
    if not_a_claim and claim.status is not ClaimStatus.NOT_A_CLAIM:
        if claim.verdicts:
            raise ValidationFailed("A claim with a verdict cannot be marked as not a claim.")
        workflow.enter(claim, ClaimStatus.NOT_A_CLAIM)
    elif not not_a_claim and claim.status is ClaimStatus.NOT_A_CLAIM:
        if claim.merged_into_id is not None:
            raise ValidationFailed(f"This claim was merged into claim #{claim.merged_into_id}; "
                                   "its text belongs to that claim now.")
        started = bool(claim.reviews) or claim.assignee_id is not None
        workflow.enter(claim, ClaimStatus.IN_REVIEW if started else ClaimStatus.NEW)
    if claim.audit_snapshot() == before:
        return
    session.flush()
    audit.record(session, actor, AuditAction.CLAIM_UPDATED, ENTITY, claim.id, before=before,
                 after=claim.audit_snapshot())


def add_claim(session: DbSession, actor: Actor, article: Article, start: int, end: int,
              kind: ClaimKind = ClaimKind.FACTUAL) -> Claim:
    require(actor, Permission.EDIT_CLAIMS)
    _within(article.body, start, end)
    start, end = snap_to_words(article.body, start, end)
    if end <= start:
        raise ValidationFailed("Select some text of the article to make a claim.")
    if _same_span(session, article.id, start, end) is not None:
        raise ValidationFailed("That text is already a claim; select it to open it.")
    claim = Claim(article_id=article.id, kind=kind, checkworthiness=0.5, status=ClaimStatus.NEW)
    _set_span(claim, article.body, start, end)
    session.add(claim)
    session.flush()
    refresh_outdated(session, [claim])
    audit.record(session, actor, AuditAction.CLAIM_CREATED, ENTITY, claim.id,
                 after=claim.audit_snapshot())
    return claim
