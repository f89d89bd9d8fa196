"""A published fact-check as plain values, and the query pieces every
public read shares: which verdict is current and what counts as public."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager

from factcheck.domain.claimreview import PublicCorrection
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.domain.snapshots import Chain, Claimant, chains_from_json
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.models.verdict import Verdict
from factcheck.services.core.session import DbSession


@dataclass(frozen=True)
class PublicArticle:
    title: str
    url: str | None
    outlet: str | None
    published_on: date | None


@dataclass(frozen=True)
class CorrectionEntry:
    """One dated line of the corrections log, as readers are told it (the
    editor's internal reason stays in the house)."""

    created_at: datetime
    kind: CorrectionKind
    previous_rating: TruthRating | None
    new_rating: TruthRating | None
    public_note: str

    @property
    def change(self) -> str:
        if self.previous_rating is None and self.new_rating is None:
            return ""
        if self.previous_rating == self.new_rating:
            return ""
        before = self.previous_rating.label if self.previous_rating else "withdrawn"
        after = self.new_rating.label if self.new_rating else "withdrawn"
        return f"{before} → {after}"

    @property
    def summary(self) -> str:
        change = f" ({self.change})" if self.change else ""
        note = f": {self.public_note}" if self.public_note else ""
        return f"{self.kind.label}{change}{note}"

    def as_claimreview(self) -> PublicCorrection:
        return PublicCorrection(self.created_at, self.summary)


@dataclass(frozen=True)
class PublicEvidence:
    url: str
    title: str
    stance: EvidenceStance

    @property
    def is_link(self) -> bool:
        # Only web addresses become links: anything else is shown as text.
        return self.url.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class FactCheck:
    """A published verdict as the public sees it: its snapshot, its article
    and (where read) its corrections and evidence."""

    claim_id: int
    claim_text: str
    rating: TruthRating
    public_rationale: str
    attribution_rating: AttributionRating | None
    claimant: Claimant | None
    chains: tuple[Chain, ...]
    # When the current verdict went public, and when the claim first did.
    published_at: datetime
    first_published_at: datetime
    article: PublicArticle
    corrections: tuple[CorrectionEntry, ...] = ()
    evidence: tuple[PublicEvidence, ...] = ()

    @property
    def corrected_at(self) -> datetime | None:
        return max((c.created_at for c in self.corrections), default=None)

    @property
    def updated_at(self) -> datetime:
        corrected = self.corrected_at
        return max(self.published_at, corrected) if corrected else self.published_at


def _is_current() -> sa.ColumnElement[bool]:
    """The claim's latest verdict (verdicts are appended, never overwritten):
    no later one exists. Planners estimate this anti-join well, where a
    correlated max() made PostgreSQL sort every published verdict."""
    later = aliased(Verdict)
    return ~sa.exists().where(later.claim_id == Verdict.claim_id, later.id > Verdict.id)


def is_public(session: DbSession) -> list[sa.ColumnElement[bool]]:
    """A claim is public while it is published and its current verdict is
    a published one with a snapshot (never the live, editable claim)."""
    status: sa.ColumnElement[bool] = Claim.status == ClaimStatus.PUBLISHED
    if session.get_bind().dialect.name != "postgresql":
        # "status || ''" keeps SQLite off the status index: through it, it
        # would read every published claim and sort them all for one page
        # instead of walking the verdicts' publication dates newest first.
        # PostgreSQL's statistics see that most claims are published.
        status = (sa.type_coerce(Claim.status, sa.String()).concat("")
                  == ClaimStatus.PUBLISHED.value)
    return [status, Verdict.published_at.is_not(None), Verdict.claim_text.is_not(None),
            _is_current()]


def public_verdicts(session: DbSession) -> sa.Select[Verdict]:
    """Current published verdicts with their claim and article, in one
    statement, reading none of the article's body."""
    return (sa.select(Verdict)
            .join(Claim, Claim.id == Verdict.claim_id)
            .join(Article, Article.id == Claim.article_id)
            .where(*is_public(session))
            .options(contains_eager(Verdict.claim).load_only(Claim.id, Claim.status),
                     contains_eager(Verdict.claim).contains_eager(Claim.article)
                     .load_only(Article.title, Article.url, Article.outlet,
                                Article.published_on)))


# What a fact-check's values are read from, as plain columns: the feeds'
# batches read them without building ORM objects (three per row, with an
# identity map to keep), which cost most of the DataFeed's time.
_COLUMNS = (Verdict.claim_id, Verdict.claim_text, Verdict.rating, Verdict.public_rationale,
            Verdict.attribution_rating, Verdict.claimant, Verdict.claimant_kind,
            Verdict.chains_json, Verdict.published_at, Article.title, Article.url,
            Article.outlet, Article.published_on)


def public_rows(session: DbSession) -> sa.Select[*tuple[Any, ...]]:
    """``public_verdicts`` as a Core select of ``_COLUMNS`` (read by
    ``fact_check_rows``)."""
    return (sa.select(*_COLUMNS)
            .join(Claim, Claim.id == Verdict.claim_id)
            .join(Article, Article.id == Claim.article_id)
            .where(*is_public(session)))


def fact_check_rows(session: DbSession, rows: Sequence[Sequence[Any]]) -> list[FactCheck]:
    """``fact_checks`` for rows of ``public_rows``: the same values, two
    statements whatever the batch."""
    ids = [row[0] for row in rows]
    corrections = corrections_of(session, ids)
    first = first_published(session, ids)
    items = []
    for (claim_id, claim_text, rating, rationale, attribution_rating, claimant, claimant_kind,
         chains_json, published_at, title, url, outlet, published_on) in rows:
        items.append(FactCheck(
            claim_id=claim_id, claim_text=claim_text, rating=rating,
            public_rationale=rationale, attribution_rating=attribution_rating,
            claimant=(Claimant(claimant, claimant_kind or SourceKind.UNKNOWN)
                      if claimant else None),
            chains=chains_from_json(chains_json), published_at=published_at,
            first_published_at=first.get(claim_id) or published_at,
            article=PublicArticle(title, url, outlet, published_on),
            corrections=corrections.get(claim_id, ())))
    return items


def corrections_of(session: DbSession, claim_ids: Sequence[int]
                   ) -> dict[int, tuple[CorrectionEntry, ...]]:
    """Each claim's corrections, oldest first, for a batch of claims."""
    found: dict[int, list[CorrectionEntry]] = {}
    if not claim_ids:
        return {}
    rows = session.execute(
        sa.select(Correction.claim_id, Correction.created_at, Correction.kind,
                  Correction.previous_rating, Correction.new_rating, Correction.public_note)
        .where(Correction.claim_id.in_(claim_ids))
        .order_by(Correction.claim_id, Correction.created_at, Correction.id)).all()
    for claim_id, created_at, kind, previous, new, note in rows:
        found.setdefault(claim_id, []).append(
            CorrectionEntry(created_at, kind, previous, new, note))
    return {claim_id: tuple(entries) for claim_id, entries in found.items()}


def first_published(session: DbSession, claim_ids: Sequence[int]) -> dict[int, datetime]:
    """When each claim first went public (a correction keeps that date)."""
    if not claim_ids:
        return {}
    rows = session.execute(
        sa.select(Verdict.claim_id, sa.func.min(Verdict.published_at))
        .where(Verdict.claim_id.in_(claim_ids), Verdict.published_at.is_not(None))
        .group_by(Verdict.claim_id)).all()
    return {claim_id: when for claim_id, when in rows if when is not None}


def fact_check(verdict: Verdict, first: datetime | None,
               corrections: tuple[CorrectionEntry, ...] = (),
               evidence: tuple[PublicEvidence, ...] = ()) -> FactCheck:
    """The public values of a verdict read by ``public_verdicts``."""
    article = verdict.claim.article
    assert verdict.published_at is not None and verdict.claim_text is not None
    return FactCheck(
        claim_id=verdict.claim_id, claim_text=verdict.claim_text, rating=verdict.rating,
        public_rationale=verdict.public_rationale,
        attribution_rating=verdict.attribution_rating, claimant=verdict.claimant_value,
        chains=verdict.chains, published_at=verdict.published_at,
        first_published_at=first or verdict.published_at,
        article=PublicArticle(article.title, article.url, article.outlet, article.published_on),
        corrections=corrections, evidence=evidence)


def fact_checks(session: DbSession, verdicts: Sequence[Verdict]) -> list[FactCheck]:
    """Public values for a batch of verdicts: two statements, whatever the batch."""
    ids = [verdict.claim_id for verdict in verdicts]
    corrections = corrections_of(session, ids)
    first = first_published(session, ids)
    return [fact_check(verdict, first.get(verdict.claim_id),
                       corrections.get(verdict.claim_id, ()))
            for verdict in verdicts]
