"""What the article reading view shows, loaded in a fixed number of queries
whatever the number of claims."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

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
    if details:
        # The page counts a claim's submitted reviews and names its assignee;
        # what the reviews say is on the claim's own page.
        loads = [selectinload(Claim.verdicts),
                 selectinload(Claim.attributions).selectinload(Attribution.hops)
                 .selectinload(AttributionHop.source),
                 selectinload(Claim.reviews).load_only(Review.submitted_at),
                 selectinload(Claim.assignee).load_only(User.display_name)]
    else:
        loads = [selectinload(Claim.verdicts).load_only(Verdict.rating)]
    claims = session.scalars(
        sa.select(Claim).where(Claim.article_id == article_id).order_by(Claim.start)
        .options(*loads)
    ).all()
    live = [claim for claim in claims if claim.status is not ClaimStatus.NOT_A_CLAIM]
    dismissed = [claim for claim in claims if claim.status is ClaimStatus.NOT_A_CLAIM]
    cut = segments(len(article.body), ((c.start, c.end, c.id) for c in live
                                       if anchored(article.body, c)))
    return ReadingView(article, live, dismissed, cut, {claim.id: claim for claim in claims})
