"""What the article reading view shows, loaded in a fixed number of queries
whatever the number of claims."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, load_only
from sqlalchemy.orm.attributes import set_committed_value

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.spans import Nest, nest
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.source import Source
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound
from factcheck.services.core.session import DbSession, column_rows


class ClaimLine(NamedTuple):
    """What the highlights, the claim list and the review page's neighbours
    read of each of an article's claims. Plain tuples, not mapped objects:
    fifty claims as objects cost twice as much to load, and more to read
    (every attribute through the mapper's instrumentation). Nor the
    database rows themselves: a row's column read by name cost ten times a
    named tuple's field (275 against 29 ns), and a page reads a thousand."""

    id: int
    text: str
    start: int
    end: int
    kind: ClaimKind
    status: ClaimStatus
    checkworthiness: float
    merged_into_id: int | None
    rating: TruthRating | None  # the current verdict's


@dataclass(frozen=True)
class ReadingView:
    article: Article
    claims: list[ClaimLine]  # live claims in text order
    dismissed: list[ClaimLine]  # marked "not a claim"
    by_id: dict[int, ClaimLine]
    # Per claim with a verdict, its current verdict's rating: all the
    # highlights and the claim list show of the others' verdicts.
    ratings: dict[int, TruthRating]
    # Per claim with a chain: its first chain's source names, outermost
    # first (the claim list's one line of sourcing). Empty for the review page.
    first_sources: dict[int, list[str]] = field(default_factory=dict)
    # The claim the article page shows in full (``selected``), with its
    # chains, verdicts, reviews and assignee loaded.
    selected: Claim | None = None

    @property
    def decided(self) -> int:
        return sum(1 for claim in self.claims if claim.id in self.ratings)

    @property
    def nested(self) -> list[Nest]:
        """The body as nested highlights: a claim inside another in it."""
        return nest(len(self.article.body), ((c.start, c.end, c.id) for c in self.claims
                                             if anchored(self.article.body, c)))

    @property
    def progress(self) -> int:
        return round(100 * self.decided / len(self.claims)) if self.claims else 0


def anchored(body: str, claim: ClaimLine) -> bool:
    """A claim whose words left the article in a revision (lost, kept for its
    verdict) no longer has a span to highlight."""
    return body[claim.start:claim.end] == claim.text


@cache
def _claim_lines() -> sa.Select[int, str, int, int, ClaimKind, ClaimStatus, float, int | None,
                                TruthRating | None]:
    """An article's claims in text order as ``ClaimLine`` rows, each with
    its current verdict's rating in the same statement: the others'
    verdicts as objects cost a statement and most of the loading time, and
    the pages show only their ratings. Built once, as every article and
    review page runs it."""
    current_rating = (sa.select(Verdict.rating).where(Verdict.claim_id == Claim.id)
                      .order_by(Verdict.id.desc()).limit(1).scalar_subquery())
    return (sa.select(Claim.id, Claim.text, Claim.start, Claim.end, Claim.kind, Claim.status,
                      Claim.checkworthiness, Claim.merged_into_id,
                      current_rating.label("rating"))
            .where(Claim.article_id == sa.bindparam("article_id")).order_by(Claim.start))


def reading_view(session: DbSession, actor: Actor, article_id: int, *,
                 details: bool = True, selected: int | None = None) -> ReadingView:
    """The article with its claims. The highlights need only spans,
    statuses and verdicts' ratings. With ``details`` (the article page)
    also what its claim list shows, each claim's first chain's source
    names, and for the ``selected`` claim alone its chains, reviews and
    assignee: loading those for every claim was most of the page's cost
    and the page showed them for one. The review page (no ``details``)
    shows the article beside one claim and never the others' chains."""
    require(actor, Permission.VIEW_ARTICLES)
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound("No such article.")
    claims = list(map(ClaimLine._make, column_rows(session, _claim_lines(),
                                                   {"article_id": article_id})))
    ratings = {claim.id: claim.rating for claim in claims if claim.rating is not None}
    by_id = {claim.id: claim for claim in claims}
    first_sources: dict[int, list[str]] = {}
    shown: Claim | None = None
    if details:
        first_sources = _first_sources(session, article_id)
        if selected in by_id:
            shown = session.get(Claim, selected)
            if shown is not None:
                _load_details(session, shown)
    live = [claim for claim in claims if claim.status is not ClaimStatus.NOT_A_CLAIM]
    dismissed = [claim for claim in claims if claim.status is ClaimStatus.NOT_A_CLAIM]
    return ReadingView(article, live, dismissed, by_id, ratings, first_sources, shown)


@cache
def _chains_sources() -> sa.Select[int, int, str | None]:
    """An article's chains with their sources' names in order. Built once."""
    return (sa.select(Attribution.claim_id, Attribution.id, Source.name)
            .join(Claim, Claim.id == Attribution.claim_id)
            .outerjoin(AttributionHop, AttributionHop.attribution_id == Attribution.id)
            .outerjoin(Source, Source.id == AttributionHop.source_id)
            .where(Claim.article_id == sa.bindparam("article_id"))
            .order_by(Attribution.claim_id, Attribution.position, Attribution.id,
                      AttributionHop.position))


def _first_sources(session: DbSession, article_id: int) -> dict[int, list[str]]:
    """Per claim with a chain, the source names of its first chain
    (lowest position), outermost first: plain rows, no objects."""
    rows = column_rows(session, _chains_sources(), {"article_id": article_id})
    found: dict[int, list[str]] = {}
    first_chain: dict[int, int] = {}
    for claim_id, attribution_id, name in rows:
        if first_chain.setdefault(claim_id, attribution_id) != attribution_id:
            continue  # a later chain of the same claim
        names = found.setdefault(claim_id, [])
        if name is not None:
            names.append(name)
    return found


def _load_details(session: DbSession, claim: Claim) -> None:
    """One claim's chains with their hops and sources (one statement),
    its verdicts (the current one is shown with its rationale), submitted
    reviews' dates and assignee, as loaded collections."""
    chains = session.scalars(
        sa.select(Attribution).where(Attribution.claim_id == claim.id)
        .outerjoin(AttributionHop, AttributionHop.attribution_id == Attribution.id)
        .outerjoin(Source, Source.id == AttributionHop.source_id)
        .order_by(Attribution.position, AttributionHop.position)
        .options(contains_eager(Attribution.hops).contains_eager(AttributionHop.source))
    ).unique().all()
    _attach([claim], "attributions", chains, lambda attribution: attribution.claim_id)
    verdicts = sa.select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.id)
    _attach([claim], "verdicts", session.scalars(verdicts), lambda verdict: verdict.claim_id)
    reviews = sa.select(Review).where(Review.claim_id == claim.id).order_by(Review.id)
    _attach([claim], "reviews", session.scalars(
        reviews.options(load_only(Review.claim_id, Review.submitted_at))),
        lambda review: review.claim_id)
    if "assignee" in sa.inspect(claim).unloaded:
        set_committed_value(claim, "assignee", session.get(User, claim.assignee_id)
                            if claim.assignee_id is not None else None)


def _attach(parents: Sequence[Any], name: str, children: Iterable[Any],
            parent_id: Callable[[Any], int]) -> None:
    by_parent: dict[int, list[Any]] = {}
    for child in children:
        by_parent.setdefault(parent_id(child), []).append(child)
    for parent in parents:
        # A loaded attribute is in the instance's __dict__; asking the
        # instance state for its unloaded set builds that set per claim.
        if name not in vars(parent):
            set_committed_value(parent, name, by_parent.get(parent.id, []))
