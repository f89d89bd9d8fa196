"""The filterable list of claims behind every number on the dashboard.

Filters are one frozen value (``ClaimFilters``) that the dashboard and the
list share, so a number and the list it links to count the same claims.
Every filter becomes a WHERE condition on ``claims`` (IN / EXISTS
subqueries, never joins), so no claim is counted twice and the conditions
drop into any aggregate query.

The date range is the claim's ingestion date (``Claim.created_at``), not
the article's publication date: every claim has one, pasted articles often
lack a publication date, and backlog and turnaround are measured from it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.figures import outlet_key
from factcheck.domain.ratings import RATING_SCALE, AttributionRating, TruthRating
from factcheck.domain.roles import Permission, Role
from factcheck.domain.sources import Sourcing
from factcheck.domain.stats import AGE_BUCKETS_BY_KEY
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.source import Source
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.pages import Page, Slice, page_number, slice_of
from factcheck.services.core.session import DbSession
from factcheck.services.figures import maintained
from factcheck.services.review import blindness

# Not yet published, and still a claim: the desk's backlog.
WAITING = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.REVIEWED,
           ClaimStatus.DISPUTED, ClaimStatus.APPROVED)
WAITING_KEY = "waiting"
# The outlet filter's value for articles saved without an outlet: the
# dashboard's "(no outlet)" rows link to it (an empty value meant "any").
NO_OUTLET = "(no outlet)"
SOURCINGS = {"anonymous": "Rests on anonymous sources", "single": "Rests on a single source",
             "none": "Names no source"}
PER_PAGE = 50
FALSE_RATINGS = [rating for rating, info in RATING_SCALE.items() if info.is_false_or_misleading]
VERDICT_GROUPS = {"any": "Has a verdict", "false": "Rated false or misleading"}


@dataclass(frozen=True)
class ClaimFilters:
    since: date | None = None
    until: date | None = None
    outlet: str = ""
    article: int | None = None
    reviewer: int | None = None  # has a review (draft or submitted) by this person
    reviewer2: int | None = None  # ...and one by this person too (agreement pairs)
    assignee: int | None = None
    draft_by: int | None = None  # has an unsubmitted review by this person
    rating: TruthRating | None = None  # the current verdict's rating
    verdict: str = ""  # "any": has a verdict; "false": current one false or misleading
    status: str = ""  # a ClaimStatus value, or "waiting" for any unpublished one
    source: int | None = None
    sourcing: str = ""  # a key of SOURCINGS
    age: str = ""  # an age bucket key: waiting claims of that age
    verdict_week: date | None = None  # current verdict approved that week
    published_week: date | None = None  # current verdict published that week
    reviewed_since: date | None = None  # a review (by ``reviewer`` if set) submitted since
    double_reviewed: bool = False  # two or more submitted reviews
    disagree: bool = False  # submitted reviews differ on truth or attribution
    misattributed: bool = False  # a submitted review rated the attribution wrong

    def args(self, **changes: Any) -> dict[str, str]:
        """Query-string arguments for these filters with ``changes`` applied;
        empty filters are left out so URLs stay short. Read field by field,
        not through ``asdict``, which deep-copies every value: the dashboard
        builds some 700 links a page with this, and ``asdict`` was half of
        its cost."""
        unknown = changes.keys() - _FILTER_NAMES
        if unknown:
            raise TypeError(f"ClaimFilters has no filter {sorted(unknown)}")
        out: dict[str, str] = {}
        for name in _FILTER_ORDER:
            value = changes[name] if name in changes else getattr(self, name)
            if value is None or value == "" or value is False:
                continue
            out[name] = "1" if value is True else str(value)
        return out

    def key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _FILTER_ORDER)

    @property
    def is_empty(self) -> bool:
        return not self.args()


_FILTER_ORDER = tuple(item.name for item in fields(ClaimFilters))
_FILTER_NAMES = frozenset(_FILTER_ORDER)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def current_verdicts() -> sa.Select[Any]:
    """Each claim's newest verdict (verdicts are appended, never edited)."""
    newer = aliased(Verdict)
    return sa.select(Verdict).where(~sa.exists().where(newer.claim_id == Verdict.claim_id,
                                                       newer.id > Verdict.id))


def _reviews_where(*conditions: Any) -> Any:
    # Correlated with the claim only: the dashboard puts these conditions in
    # queries over reviews too, where correlating ``reviews`` as well would
    # leave the subquery with no table at all.
    return sa.exists().where(Review.claim_id == Claim.id, *conditions).correlate(Claim)


def _current_verdict_where(*conditions: Any) -> Any:
    current = current_verdicts().subquery()
    return Claim.id.in_(sa.select(current.c.claim_id).where(*[c(current) for c in conditions]))


def _sourcing(kind: str) -> Any:
    # The columns the flush hooks keep from the chains (reading the chains
    # here meant every waiting claim's hops at a million claims); indexed
    # with the list's order, see Claim.__table_args__.
    if kind == "anonymous":
        return Claim.rests_on_anonymous == sa.true()
    if kind == "single":
        return Claim.sourcing == Sourcing.SINGLE
    return Claim.sourcing == Sourcing.NONE


def claim_conditions(filters: ClaimFilters, now: datetime | None = None, *,
                     with_dismissed: bool = False, reviews_visible: Any = None) -> list[Any]:
    """WHERE conditions on ``claims`` for these filters. Spans marked "not a
    claim" are left out unless asked for by status (or ``with_dismissed``).

    Filters on what reviewers said (misattributed, disagree) only ever match
    claims whose reviews the reader may see: ``reviews_visible`` (from
    ``blindness.visible_to``), by default those anyone may see."""
    now = now or datetime.now(UTC)
    f = filters
    where: list[Any] = []
    if not f.status and not with_dismissed:
        where.append(Claim.status != ClaimStatus.NOT_A_CLAIM)
    if f.since:
        where.append(Claim.created_at >= start_of(f.since))
    if f.until:
        where.append(Claim.created_at < start_of(f.until + timedelta(days=1)))
    if f.outlet:
        outlet = (sa.or_(Article.outlet.is_(None), Article.outlet == "") if f.outlet == NO_OUTLET
                  else Article.outlet == f.outlet)
        where.append(Claim.article_id.in_(sa.select(Article.id).where(outlet)))
    if f.article is not None:
        where.append(Claim.article_id == f.article)
    if f.assignee is not None:
        where.append(Claim.assignee_id == f.assignee)
    if f.status == WAITING_KEY or f.age:
        where.append(Claim.status.in_(WAITING))
    elif f.status:
        where.append(Claim.status == ClaimStatus(f.status))
    if f.age in AGE_BUCKETS_BY_KEY:
        bucket = AGE_BUCKETS_BY_KEY[f.age]
        where.append(Claim.created_at <= now - timedelta(days=bucket.min_days))
        if bucket.max_days is not None:
            where.append(Claim.created_at > now - timedelta(days=bucket.max_days))
    if f.reviewer is not None and f.reviewed_since is None:
        where.append(_reviews_where(Review.reviewer_id == f.reviewer))
    if f.reviewed_since is not None:
        by = [Review.reviewer_id == f.reviewer] if f.reviewer is not None else []
        where.append(_reviews_where(Review.submitted_at >= start_of(f.reviewed_since), *by))
    if f.reviewer2 is not None:
        where.append(_reviews_where(Review.reviewer_id == f.reviewer2))
    if f.draft_by is not None:
        where.append(_reviews_where(Review.reviewer_id == f.draft_by,
                                    Review.submitted_at.is_(None)))
    if f.misattributed or f.disagree:
        where.append(blindness.visible_to_everyone() if reviews_visible is None
                     else reviews_visible)
    if f.misattributed:
        where.append(_reviews_where(Review.submitted_at.is_not(None),
                                    Review.attribution_rating == AttributionRating.MISATTRIBUTED))
    if f.double_reviewed or f.disagree:
        submitted = (sa.select(Review.claim_id).where(Review.submitted_at.is_not(None))
                     .group_by(Review.claim_id).having(sa.func.count() >= 2))
        if f.disagree:
            submitted = submitted.having(sa.or_(
                sa.func.count(sa.distinct(Review.truth_rating)) > 1,
                sa.func.count(sa.distinct(Review.attribution_rating)) > 1))
        where.append(Claim.id.in_(submitted))
    if f.rating is not None:
        rating = f.rating
        where.append(_current_verdict_where(lambda v: v.c.rating == rating))
    if f.verdict == "any":
        where.append(Claim.id.in_(sa.select(Verdict.claim_id)))
    elif f.verdict == "false":
        where.append(_current_verdict_where(lambda v: v.c.rating.in_(FALSE_RATINGS)))
    for week, column in ((f.verdict_week, "approved_at"), (f.published_week, "published_at")):
        if week is not None:
            start, end = start_of(week), start_of(week + timedelta(days=7))
            where.append(_current_verdict_where(
                lambda v, c=column, s=start, e=end: sa.and_(v.c[c] >= s, v.c[c] < e)))
    if f.source is not None:
        where.append(Claim.id.in_(
            sa.select(Attribution.claim_id)
            .join(AttributionHop, AttributionHop.attribution_id == Attribution.id)
            .where(AttributionHop.source_id == f.source)))
    if f.sourcing in SOURCINGS:
        where.append(_sourcing(f.sourcing))
    return where


def outlet_names(session: DbSession, actor: Actor) -> list[str]:
    """The outlets the filter menus offer: those with claims, read from the
    maintained counters (a few rows per outlet). Grouping the articles by
    outlet read every article on each claim list and dashboard page; an
    outlet without claims filters to nothing anyway."""
    require(actor, Permission.VIEW_ARTICLES)
    return maintained.claim_outlets(session)


def reviewer_names(session: DbSession, actor: Actor) -> dict[int, str]:
    """Everyone who reviews (checkers and editors), for filter menus."""
    require(actor, Permission.VIEW_ARTICLES)
    return dict(session.execute(
        sa.select(User.id, User.display_name).where(User.role.in_([Role.CHECKER, Role.EDITOR]))
        .order_by(User.display_name)).all())


def _maintained_total(session: DbSession, filters: ClaimFilters) -> int | None:
    """The list's total from the maintained counters (factcheck.services.figures)
    when the filters are only an outlet, a status and a sourcing, the ones
    they are kept by: counting the rows would read the whole archive (a
    sourcing's rows are hundreds of thousands at a million claims, so even
    an index-only count grows with the archive). None otherwise."""
    if not replace(filters, outlet="", status="", sourcing="").is_empty:
        return None
    if filters.sourcing and filters.sourcing not in SOURCINGS:
        return None
    if filters.status == WAITING_KEY:
        statuses: tuple[ClaimStatus, ...] = WAITING
    elif filters.status:
        statuses = (ClaimStatus(filters.status),)
    else:
        statuses = tuple(status for status in ClaimStatus if status is not ClaimStatus.NOT_A_CLAIM)
    outlet = None
    if filters.outlet:
        outlet = outlet_key(None if filters.outlet == NO_OUTLET else filters.outlet)
    return maintained.claim_total(session, statuses, outlet, sourcing=filters.sourcing or None)


@dataclass(frozen=True)
class ClaimRow:
    """What a row of the claim list shows, read as plain rows: fifty
    claims with their articles, verdicts, reviews and chains as objects
    were most of the list's cost."""

    id: int
    article_id: int
    text: str
    status: ClaimStatus
    merged_into_id: int | None
    created_at: datetime
    article_title: str
    article_outlet: str | None
    assignee_name: str | None
    rating: TruthRating | None  # the current verdict's
    chains: list[list[str]]  # per chain, its sources' names, outermost first
    # Who reviewed, and whether they submitted: never what they said (the
    # list keeps reviews blind; the claim's own page shows them).
    reviewers: list[tuple[str, bool]]


def list_claims(session: DbSession, actor: Actor, filters: ClaimFilters, *, page: int = 1,
                per_page: int = PER_PAGE) -> Page[ClaimRow]:
    """One page of matching claims, newest first, with what the rows show:
    three statements whatever the page size (the claims with their article,
    assignee and current rating; their chains' sources; their reviewers)."""
    require(actor, Permission.VIEW_ARTICLES)
    where = claim_conditions(filters, reviews_visible=blindness.visible_to(actor))
    total = _maintained_total(session, filters)
    if total is None:
        total = session.scalar(sa.select(sa.func.count()).select_from(Claim).where(*where)) or 0
    page = page_number(page, last=-(-total // per_page))
    # Aliased: the filters' own subqueries name Article and must not be
    # correlated with the article joined here.
    article, assignee = aliased(Article), aliased(User)
    current_rating = (sa.select(Verdict.rating).where(Verdict.claim_id == Claim.id)
                      .order_by(Verdict.id.desc()).limit(1).scalar_subquery())
    order = (Claim.created_at.desc(), Claim.id.desc())
    # The page's ids first, from the claims alone (the index that orders
    # them, as before), then the joins for those fifty only.
    page_ids = (sa.select(Claim.id).where(*where).order_by(*order)
                .offset((page - 1) * per_page).limit(per_page).subquery())
    found = session.execute(
        sa.select(Claim.id, Claim.article_id, Claim.text, Claim.status, Claim.merged_into_id,
                  Claim.created_at, article.title, article.outlet, assignee.display_name,
                  current_rating)
        .join(page_ids, page_ids.c.id == Claim.id)
        .join(article, article.id == Claim.article_id)
        .outerjoin(assignee, assignee.id == Claim.assignee_id)
        .order_by(*order)).all()
    ids = [row.id for row in found]
    chains = _chains_of(session, ids)
    reviewers = _reviewers_of(session, ids)
    rows = [ClaimRow(claim_id, article_id, text, status, merged_into_id, created_at, title,
                     outlet, assignee_name, rating, chains.get(claim_id, []),
                     reviewers.get(claim_id, []))
            for (claim_id, article_id, text, status, merged_into_id, created_at, title, outlet,
                 assignee_name, rating) in found]
    return Page(rows, page, page * per_page < total, total=total, per_page=per_page)


def _chains_of(session: DbSession, claim_ids: list[int]) -> dict[int, list[list[str]]]:
    """Per claim, each chain's source names, chains in their order."""
    chains: dict[int, list[list[str]]] = {}
    if not claim_ids:
        return chains
    rows = session.execute(
        sa.select(Attribution.claim_id, Attribution.id, Source.name)
        .outerjoin(AttributionHop, AttributionHop.attribution_id == Attribution.id)
        .outerjoin(Source, Source.id == AttributionHop.source_id)
        .where(Attribution.claim_id.in_(claim_ids))
        .order_by(Attribution.claim_id, Attribution.position, Attribution.id,
                  AttributionHop.position))
    last_chain: int | None = None
    for claim_id, chain_id, name in rows:
        if chain_id != last_chain:
            chains.setdefault(claim_id, []).append([])
            last_chain = chain_id
        if name is not None:
            chains[claim_id][-1].append(name)
    return chains


def _reviewers_of(session: DbSession, claim_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """Per claim, its reviewers' names in the order they began, and
    whether each has submitted."""
    reviewers: dict[int, list[tuple[str, bool]]] = {}
    if not claim_ids:
        return reviewers
    rows = session.execute(
        sa.select(Review.claim_id, User.display_name, Review.submitted_at.is_not(None))
        .join(User, User.id == Review.reviewer_id)
        .where(Review.claim_id.in_(claim_ids)).order_by(Review.claim_id, Review.id))
    for claim_id, name, submitted in rows:
        reviewers.setdefault(claim_id, []).append((name, bool(submitted)))
    return reviewers


def claims_after(session: DbSession, actor: Actor, filters: ClaimFilters,
                 after: tuple[datetime, int] | None, *, limit: int = PER_PAGE) -> Slice[Claim]:
    """The same list as ``list_claims`` (same filters, same order, the same
    blind-review rule) read by keyset: the claims after ``after`` (the
    created time and id of the last one seen). No count and no offset, so
    the thousandth stretch costs what the first does."""
    require(actor, Permission.VIEW_ARTICLES)
    where = claim_conditions(filters, reviews_visible=blindness.visible_to(actor))
    if after is not None:
        where.append(sa.tuple_(Claim.created_at, Claim.id) < sa.tuple_(*after))
    rows = session.scalars(
        sa.select(Claim).where(*where).order_by(Claim.created_at.desc(), Claim.id.desc())
        .limit(limit + 1).options(selectinload(Claim.verdicts))
    ).all()
    return slice_of(rows, limit, lambda claim: (claim.created_at, claim.id))
