"""Work queues: what each person should look at next."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.source import Source
from factcheck.models.user import User
from factcheck.services.core.actors import require
from factcheck.services.core.pages import Page, page_number
from factcheck.services.core.session import DbSession


class Queue(enum.StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    SECOND_REVIEW = "second_review"
    DISPUTED = "disputed"
    READY = "ready"

    @property
    def label(self) -> str:
        return {
            "mine": "My claims",
            "unassigned": "Unassigned",
            "second_review": "Needing another review",
            "disputed": "Disputed",
            "ready": "Ready to approve",
        }[self.value]

    @property
    def permission(self) -> Permission:
        if self in (Queue.DISPUTED, Queue.READY):
            return Permission.DECIDE_VERDICTS
        return Permission.REVIEW_CLAIMS


OPEN = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.REVIEWED, ClaimStatus.DISPUTED)


def queues_for(user: User) -> list[Queue]:
    return [queue for queue in Queue if user.can(queue.permission)]


def _submitted_count() -> sa.ScalarSelect[int]:
    return (sa.select(sa.func.count(Review.id))
            .where(Review.claim_id == Claim.id, Review.submitted_at.is_not(None))
            .correlate(Claim).scalar_subquery())


def _query(user: User, queue: Queue, required: int) -> tuple[sa.Select[Any], list[Any]]:
    query: sa.Select[Any] = sa.select(Claim)
    order: list[Any]
    if queue is Queue.MINE:
        # Both halves read through their own index; an OR of the two would
        # make the database look at every open claim.
        assigned_or_drafted = sa.union(
            sa.select(Claim.id).where(Claim.assignee_id == user.id),
            sa.select(Review.claim_id).where(Review.reviewer_id == user.id,
                                             Review.submitted_at.is_(None)))
        query = query.where(Claim.status.in_(OPEN), Claim.id.in_(assigned_or_drafted))
        order = [Claim.updated_at.desc()]
    elif queue is Queue.UNASSIGNED:
        query = query.where(Claim.status.in_((ClaimStatus.NEW, ClaimStatus.IN_REVIEW)),
                            Claim.assignee_id.is_(None))
        order = [Claim.checkworthiness.desc(), Claim.created_at, Claim.id]
    elif queue is Queue.SECOND_REVIEW:
        mine = sa.exists().where(Review.claim_id == Claim.id, Review.reviewer_id == user.id)
        count = _submitted_count()
        query = query.where(Claim.status == ClaimStatus.IN_REVIEW, count >= 1,
                            count < required, ~mine)
        order = [Claim.checkworthiness.desc(), Claim.created_at]
    elif queue is Queue.DISPUTED:
        query = query.where(Claim.status == ClaimStatus.DISPUTED)
        order = [Claim.updated_at]
    else:
        query = query.where(Claim.status == ClaimStatus.REVIEWED)
        order = [Claim.updated_at]
    return query, order


PAGE_SIZE = 100


@dataclass(frozen=True)
class QueueRow:
    """What a queue's table shows of a claim."""

    id: int
    text: str
    status: ClaimStatus
    merged_into_id: int | None
    checkworthiness: float
    article_title: str
    article_outlet: str | None
    assignee_name: str | None
    submitted: int  # submitted reviews
    chain: tuple[str, ...]  # the first chain's sources, outermost first


def page_of(session: DbSession, user: User, queue: Queue, *, required: int,
            page: int = 1) -> Page[QueueRow]:
    """One page of a queue. A queue used to stop at its first hundred
    claims without saying so; now every claim in it can be reached.

    Plain rows in two statements rather than claims with their articles,
    reviews and chains as objects: a hundred rows made some seven hundred
    objects, most of a queue page's cost."""
    require(user, queue.permission)
    number = page_number(page)
    query, order = _query(user, queue, required)
    # The page's ids first (from an index where one covers the queue), then
    # the rows joined for those hundred only, not for every claim sorted.
    ids = (query.with_only_columns(Claim.id).order_by(*order)
           .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1).subquery())
    rows = session.execute(
        sa.select(Claim.id, Claim.text, Claim.status, Claim.merged_into_id,
                  Claim.checkworthiness, Article.title, Article.outlet, User.display_name,
                  _submitted_count().label("submitted"))
        .join(ids, ids.c.id == Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(User, User.id == Claim.assignee_id)
        .order_by(*order)).all()
    chains = _first_chains(session, [row.id for row in rows[:PAGE_SIZE]])
    items = [QueueRow(row.id, row.text, row.status, row.merged_into_id, row.checkworthiness,
                      row.title, row.outlet, row.display_name, row.submitted,
                      chains.get(row.id, ())) for row in rows[:PAGE_SIZE]]
    return Page(items, number, len(rows) > PAGE_SIZE, per_page=PAGE_SIZE)


def _first_chains(session: DbSession, claim_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each claim's first attribution chain as source names, in one statement."""
    if not claim_ids:
        return {}
    chain = aliased(Attribution, name="chain")
    first = (sa.select(sa.func.min(Attribution.position))
             .where(Attribution.claim_id == chain.claim_id).scalar_subquery())
    names: dict[int, list[str]] = {}
    for claim_id, name in session.execute(
            sa.select(chain.claim_id, Source.name)
            .join(AttributionHop, AttributionHop.attribution_id == chain.id)
            .join(Source, Source.id == AttributionHop.source_id)
            .where(chain.claim_id.in_(claim_ids), chain.position == first)
            .order_by(chain.claim_id, AttributionHop.position)):
        names.setdefault(claim_id, []).append(name)
    return {claim_id: tuple(found) for claim_id, found in names.items()}


def claims_in(session: DbSession, user: User, queue: Queue, *, required: int,
              limit: int = PAGE_SIZE, offset: int = 0) -> Sequence[Claim]:
    require(user, queue.permission)
    query, order = _query(user, queue, required)
    # Only what a queue row shows: an article's title and outlet, not its
    # body (a hundred bodies a page), a review's submission time, a source's name.
    return session.scalars(
        query.order_by(*order).offset(offset).limit(limit).options(
            selectinload(Claim.article).load_only(Article.title, Article.outlet),
            selectinload(Claim.assignee).load_only(User.display_name),
            selectinload(Claim.reviews).load_only(Review.submitted_at),
            selectinload(Claim.attributions).selectinload(Attribution.hops)
            .load_only(AttributionHop.source_id)
            .selectinload(AttributionHop.source).load_only(Source.name))
    ).all()


# A tab says "1000+" past this: counting a queue of fifty thousand claims
# exactly costs a scan on every visit and tells nobody anything more.
COUNT_CAP = 1000


def counts(session: DbSession, user: User, *, required: int) -> dict[Queue, int]:
    """Sizes for the tabs, one bounded COUNT per queue: at most COUNT_CAP + 1
    (shown as "1000+"), so the page costs the same whatever the backlog.
    All of them in one statement, a column each: a statement per tab was
    half the page's statements."""
    queues = queues_for(user)
    if not queues:
        return {}
    bounded = [sa.select(sa.func.count()).select_from(
        _query(user, queue, required)[0].with_only_columns(Claim.id).limit(COUNT_CAP + 1)
        .subquery()).scalar_subquery() for queue in queues]
    sizes = session.execute(sa.select(*bounded)).one()
    return {queue: size or 0 for queue, size in zip(queues, sizes, strict=True)}
