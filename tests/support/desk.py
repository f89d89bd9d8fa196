"""Hand-built claims, reviews and verdicts for the dashboard and claim-list
tests: every figure they check can be worked out from what is built here."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.roles import Role
from factcheck.domain.sources import SourceKind
from factcheck.models import (
    Article,
    Attribution,
    AttributionHop,
    Claim,
    Review,
    Source,
    User,
    Verdict,
)

_numbers = itertools.count(1)
NOW = datetime.now(UTC)


class Desk:
    def __init__(self, session: Any) -> None:
        self.session = session
        self.editor = self.person("Desk Editor", Role.EDITOR)

    def person(self, name: str, role: Role = Role.CHECKER) -> User:
        user = User(email=f"desk{next(_numbers)}@example.org", display_name=name,
                    password_hash="not-a-hash", role=role)
        self.session.add(user)
        self.session.flush()
        return user

    def source(self, name: str, kind: SourceKind = SourceKind.PERSON) -> Source:
        source = Source(name=name, name_key=f"{name.lower()} {next(_numbers)}", kind=kind)
        self.session.add(source)
        self.session.flush()
        return source

    def article(self, outlet: str = "Test Outlet", claims: int = 3) -> tuple[Article, list[Claim]]:
        sentences = [f"Claim number {next(_numbers)} says something checkable." for _ in
                     range(claims)]
        body = "\n".join(sentences)
        article = Article(title=f"Story {next(_numbers)}", outlet=outlet, body=body,
                          content_hash=hashlib.sha256(body.encode()).hexdigest(),
                          added_by_id=self.editor.id)
        self.session.add(article)
        self.session.flush()
        made, offset = [], 0
        for sentence in sentences:
            claim = Claim(article_id=article.id, text=sentence, start=offset,
                          end=offset + len(sentence), kind=ClaimKind.FACTUAL)
            offset += len(sentence) + 1
            self.session.add(claim)
            made.append(claim)
        self.session.flush()
        return article, made

    def set(self, claim: Claim, *, status: ClaimStatus | None = None, age_days: float = 0,
            assignee: User | None = None) -> Claim:
        if status is not None:
            claim.status = status
        claim.created_at = NOW - timedelta(days=age_days)
        claim.assignee_id = assignee.id if assignee else None
        self.session.flush()
        return claim

    def review(self, claim: Claim, reviewer: User, truth: TruthRating | None,
               attribution: AttributionRating = AttributionRating.ACCURATE,
               submitted: bool = True, submitted_at: datetime | None = None) -> Review:
        review = Review(claim_id=claim.id, reviewer_id=reviewer.id,
                        truth_rating=truth if submitted else None,
                        attribution_rating=attribution if submitted else None,
                        submitted_at=(submitted_at or NOW) if submitted else None)
        self.session.add(review)
        self.session.flush()
        return review

    def verdict(self, claim: Claim, rating: TruthRating, *, approved: datetime | None = None,
                published: datetime | None = None) -> Verdict:
        verdict = Verdict(claim_id=claim.id, rating=rating, public_rationale="Because.",
                          approved_by_id=self.editor.id, approved_at=approved or NOW,
                          published_at=published)
        self.session.add(verdict)
        self.session.flush()
        return verdict

    def chain(self, claim: Claim, *sources: Source) -> None:
        position = len(claim.attributions)
        attribution = Attribution(claim_id=claim.id, position=position)
        self.session.add(attribution)
        self.session.flush()
        for index, source in enumerate(sources):
            self.session.add(AttributionHop(attribution_id=attribution.id, position=index,
                                            source_id=source.id))
        self.session.flush()
        self.session.expire(claim, ["attributions"])
