"""What the article reading view shows, loaded in a fixed number of queries
whatever the number of claims."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.roles import Permission
from factcheck.domain.spans import Nest, Segment, nest, segments
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound
from factcheck.services.core.session import DbSession


@dataclass(frozen=True)
class ReadingView:
    article: Article
    claims: list[Claim]  # live claims in text order
    dismissed: list[Claim]  # marked "not a claim"
    segments: list[Segment]
    by_id: dict[int, Claim]

    @property
    def decided(self) -> int:
        return sum(1 for claim in self.claims if claim.verdicts)

    @property
    def nested(self) -> list[Nest]:
        """The body as nested highlights: a claim inside another in it."""
        return nest(len(self.article.body), ((c.start, c.end, c.id) for c in self.claims
                                             if anchored(self.article.body, c)))

    @property
    def progress(self) -> int:
        return round(100 * self.decided / len(self.claims)) if self.claims else 0


def anchored(body: str, claim: Claim) -> bool:
    """A claim whose words left the article in a revision (lost, kept for its
    verdict) no longer has a span to highlight."""
    return body[claim.start:claim.end] == claim.text


def reading_view(session: DbSession, actor: Actor, article_id: int, *,
                 details: bool = True) -> ReadingView:
    """The article with its claims. ``details=False`` loads only what the
    highlights need (spans, statuses, verdicts): the review page shows the
    article beside one claim and never the others' chains or reviews."""
    require(actor, Permission.VIEW_ARTICLES)
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound("No such article.")
    claims = session.scalars(
        sa.select(Claim).where(Claim.article_id == article_id).order_by(Claim.start)).all()
    _load_relations(session, article_id, claims, details)
    live = [claim for claim in claims if claim.status is not ClaimStatus.NOT_A_CLAIM]
    dismissed = [claim for claim in claims if claim.status is ClaimStatus.NOT_A_CLAIM]
    cut = segments(len(article.body), ((c.start, c.end, c.id) for c in live
                                       if anchored(article.body, c)))
    return ReadingView(article, live, dismissed, cut, {claim.id: claim for claim in claims})


def _of_article(query: sa.Select[Any], claim_id: Any, article_id: int) -> sa.Select[Any]:
    """``query`` narrowed to rows whose ``claim_id`` is a claim of the article."""
    return query.join(Claim, Claim.id == claim_id).where(Claim.article_id == article_id)


def _load_relations(session: DbSession, article_id: int, claims: Sequence[Claim],
                    details: bool) -> None:
    """The claims' verdicts and, with ``details``, their chains, reviews and
    assignees: each relation in one statement selecting by the article,
    handed to the claims as loaded collections. selectinload did the same
    with an IN list of every claim id and cost about three times as much
    CPU (the article page's largest part). A relation already loaded on a
    claim (the review page's own claim) is left as it is, as selectinload
    would have."""
    verdicts = sa.select(Verdict).order_by(Verdict.id)
    if not details:
        verdicts = verdicts.options(load_only(Verdict.claim_id, Verdict.rating))
    _attach(claims, "verdicts",
            session.scalars(_of_article(verdicts, Verdict.claim_id, article_id)),
            lambda verdict: verdict.claim_id)
    if not details:
        return
    attributions = session.scalars(_of_article(
        sa.select(Attribution).order_by(Attribution.position), Attribution.claim_id,
        article_id)).all()
    hops = session.scalars(_of_article(
        sa.select(AttributionHop)
        .join(Attribution, Attribution.id == AttributionHop.attribution_id)
        .order_by(AttributionHop.position).options(joinedload(AttributionHop.source)),
        Attribution.claim_id, article_id))
    _attach(attributions, "hops", hops, lambda hop: hop.attribution_id)
    _attach(claims, "attributions", attributions, lambda attribution: attribution.claim_id)
    reviews = sa.select(Review).order_by(Review.id).options(
        load_only(Review.claim_id, Review.submitted_at))
    _attach(claims, "reviews", session.scalars(_of_article(reviews, Review.claim_id, article_id)),
            lambda review: review.claim_id)
    assigned = {claim.assignee_id for claim in claims if claim.assignee_id is not None}
    people = {person.id: person for person in session.scalars(
        sa.select(User).where(User.id.in_(assigned)).options(load_only(User.display_name)))
    } if assigned else {}
    for claim in claims:
        if "assignee" in sa.inspect(claim).unloaded:
            set_committed_value(claim, "assignee", people.get(claim.assignee_id or 0))


def _attach(parents: Sequence[Any], name: str, children: Iterable[Any],
            parent_id: Callable[[Any], int]) -> None:
    by_parent: dict[int, list[Any]] = {}
    for child in children:
        by_parent.setdefault(parent_id(child), []).append(child)
    for parent in parents:
        if name in sa.inspect(parent).unloaded:
            set_committed_value(parent, name, by_parent.get(parent.id, []))
