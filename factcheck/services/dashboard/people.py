"""Dashboard sections about people and sources: reviewers' workload and
agreement, and how well claims are sourced, per outlet and per source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import AttributionRating
from factcheck.domain.sources import SourceKind
from factcheck.domain.stats import cohen_kappa
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.review import Review
from factcheck.models.source import Source
from factcheck.models.verdict import Verdict
from factcheck.services.claims.listing import FALSE_RATINGS, WAITING
from factcheck.services.core.session import DbSession
from factcheck.services.dashboard.sql import per_claim_sources
from factcheck.services.review import blindness

SOURCE_ROWS = 15
SUBMITTED = Review.submitted_at.is_not(None)


def _seen_reviews() -> Any:
    """Submitted reviews on claims whose reviews anyone may see: the
    dashboard's figures are shared (and cached), so a rating still blind to
    someone never counts."""
    return sa.and_(SUBMITTED, Review.claim_id.in_(
        sa.select(Claim.id).where(blindness.visible_to_everyone())))


@dataclass(frozen=True)
class Scope:
    """The filtered claims as WHERE conditions on ``claims``; ``unfiltered``
    when the only condition is the default "not dismissed as not a claim"."""

    where: Sequence[Any]
    unfiltered: bool

    def rows(self, query: Any, claim_id: Any) -> Any:
        """Rows of another table (reviews, chains) that belong to the scope.
        Unfiltered, ruling out the short list of dismissed spans is far
        cheaper than looking up every row's claim."""
        if self.unfiltered:
            return query.where(claim_id.not_in(
                sa.select(Claim.id).where(Claim.status == ClaimStatus.NOT_A_CLAIM)))
        return query.join(Claim, Claim.id == claim_id).where(*self.where)

    def reviews(self, query: Any) -> Any:
        return self.rows(query, Review.claim_id)


@dataclass(frozen=True)
class Workload:
    user_id: int
    name: str
    assigned: int
    drafting: int
    done_this_week: int


@dataclass(frozen=True)
class PairAgreement:
    first: tuple[int, str]
    second: tuple[int, str]
    claims: int
    agreed: int  # same truth rating
    disagreed: int  # different truth or attribution rating
    kappa: float | None


@dataclass(frozen=True)
class Reviewers:
    workload: list[Workload]
    pairs: list[PairAgreement]
    overall_kappa: float | None
    double_reviewed: int
    disagreed: int

    @property
    def dispute_rate(self) -> int:
        return round(100 * self.disagreed / self.double_reviewed) if self.double_reviewed else 0


def reviewers(session: DbSession, scope: Scope, names: dict[int, str],
              week_began: datetime) -> Reviewers:
    where = scope.where
    assigned = dict(session.execute(
        sa.select(Claim.assignee_id, sa.func.count())
        .where(Claim.assignee_id.is_not(None), Claim.status.in_(WAITING), *where)
        .group_by(Claim.assignee_id)).all())
    per_reviewer = sa.select(Review.reviewer_id, sa.func.count()).group_by(Review.reviewer_id)
    drafting = dict(session.execute(scope.reviews(
        per_reviewer.where(Review.submitted_at.is_(None)))).all())
    done = dict(session.execute(scope.reviews(
        per_reviewer.where(Review.submitted_at >= week_began))).all())
    workload = [Workload(uid, name, assigned.get(uid, 0), drafting.get(uid, 0), done.get(uid, 0))
                for uid, name in names.items()
                if assigned.get(uid) or drafting.get(uid) or done.get(uid)]
    workload.sort(key=lambda row: (-(row.assigned + row.drafting), row.name))
    pairs, overall, double, disagreed = _agreement(session, scope, names)
    return Reviewers(workload, pairs, overall, double, disagreed)


def _review_key() -> Any:
    """"reviewer:truth:attribution" of one review, so one grouped pass per
    claim can hand back both reviews of a pair (as its min and max)."""
    return (sa.cast(Review.reviewer_id, sa.String) + ":"
            + sa.func.coalesce(sa.cast(Review.truth_rating, sa.String), "") + ":"
            + sa.func.coalesce(sa.cast(Review.attribution_rating, sa.String), ""))


def _agreement(session: DbSession, scope: Scope, names: dict[int, str]) -> tuple[
        list[PairAgreement], float | None, int, int]:
    """Agreement on claims with submitted reviews, in one grouped pass over
    reviews (no self-join): per claim, how many reviews, whether they differ
    on truth or attribution, and for claims with exactly two, who gave which
    ratings. Cohen's kappa on truth ratings per pair of reviewers and over
    all pairs pooled (the lower-numbered reviewer taken as the first rater).
    Returns pairs, pooled kappa, claims with two or more reviews, and how
    many of those the reviewers disagreed on."""
    n = sa.func.count()
    differ = sa.or_(sa.func.count(sa.distinct(Review.truth_rating)) > 1,
                    sa.func.count(sa.distinct(Review.attribution_rating)) > 1)
    per_claim = scope.reviews(
        sa.select(sa.case((n == 2, sa.func.min(_review_key()))).label("low"),
                  sa.case((n == 2, sa.func.max(_review_key()))).label("high"),
                  sa.case((differ, 1), else_=0).label("disagree"))
        .where(_seen_reviews()).group_by(Review.claim_id).having(n >= 2)).subquery()
    rows = session.execute(
        sa.select(per_claim.c.low, per_claim.c.high, per_claim.c.disagree, sa.func.count())
        .group_by(per_claim.c.low, per_claim.c.high, per_claim.c.disagree)).all()
    tables: dict[tuple[int, int], dict[tuple[str, str], int]] = {}
    disputes: dict[tuple[int, int], int] = {}
    pooled: dict[tuple[str, str], int] = {}
    double = disagreed = 0
    for low, high, disagree, count in rows:
        double += count
        disagreed += count if disagree else 0
        if low is None or high is None:
            continue
        first, second = sorted((low.split(":"), high.split(":")), key=lambda r: int(r[0]))
        if not first[1] or not second[1]:
            continue  # a review submitted without a truth rating
        key = (int(first[0]), int(second[0]))
        cell = (first[1], second[1])
        table = tables.setdefault(key, {})
        table[cell] = table.get(cell, 0) + count
        pooled[cell] = pooled.get(cell, 0) + count
        if disagree:
            disputes[key] = disputes.get(key, 0) + count
    pairs = [PairAgreement((a, names.get(a, f"#{a}")), (b, names.get(b, f"#{b}")),
                           sum(table.values()),
                           sum(n for (x, y), n in table.items() if x == y),
                           disputes.get((a, b), 0), cohen_kappa(table))
             for (a, b), table in tables.items()]
    pairs.sort(key=lambda pair: (-pair.claims, pair.first[1], pair.second[1]))
    return pairs, cohen_kappa(pooled), double, disagreed


@dataclass(frozen=True)
class OutletSourcing:
    outlet: str
    claims: int
    anonymous: int
    single: int
    unsourced: int
    rated: int  # submitted reviews with an attribution rating
    misattributed: int


@dataclass(frozen=True)
class SourceQuality:
    source_id: int
    name: str
    kind: SourceKind
    claims: int
    false_or_misleading: int


@dataclass(frozen=True)
class AttributionQuality:
    outlets: list[OutletSourcing]
    sources: list[SourceQuality]

    @property
    def rated(self) -> int:
        return sum(row.rated for row in self.outlets)

    @property
    def misattributed(self) -> int:
        return sum(row.misattributed for row in self.outlets)


def attribution_quality(session: DbSession, scope: Scope) -> AttributionQuality:
    live = list(scope.where)
    per_claim = per_claim_sources()
    # Counted per article, then rolled up to outlets (see _per_outlet).
    sourcing = session.execute(_per_outlet(
        sa.select(Claim.article_id.label("article_id"), sa.func.count().label("claims"),
                  sa.func.coalesce(sa.func.sum(per_claim.c.anonymous), 0).label("anonymous"),
                  sa.func.sum(sa.case((per_claim.c.sources == 1, 1), else_=0)).label("single"),
                  sa.func.sum(sa.case((per_claim.c.claim_id.is_(None), 1), else_=0))
                  .label("unsourced"))
        .outerjoin(per_claim, per_claim.c.claim_id == Claim.id).where(*live)
        .group_by(Claim.article_id))).all()
    ratings = outlet_ratings(session, scope)
    outlets = [OutletSourcing(outlet or "", int(claims), int(anon), int(single or 0),
                              int(none or 0), *ratings.get(outlet or "", (0, 0)))
               for outlet, claims, anon, single, none in sourcing]
    outlets.sort(key=lambda row: (-row.claims, row.outlet))
    return AttributionQuality(outlets, _sources(session, scope))


def outlet_ratings(session: DbSession, scope: Scope) -> dict[str, tuple[int, int]]:
    """Per outlet: submitted reviews that rated the attribution, and how
    many of those found it misattributed (reviews anyone may see only)."""
    where = list(scope.where)
    rated_rows = session.execute(_per_outlet(
        sa.select(Claim.article_id.label("article_id"), sa.func.count().label("rated"),
                  sa.func.sum(sa.case((Review.attribution_rating
                                       == AttributionRating.MISATTRIBUTED, 1), else_=0))
                  .label("wrong"))
        .select_from(Review).join(Claim, Claim.id == Review.claim_id)
        .where(_seen_reviews(), Review.attribution_rating.is_not(None), *where)
        .group_by(Claim.article_id)))
    ratings: dict[str, tuple[int, int]] = {}
    for outlet, rated, wrong in rated_rows:
        # NULL and "" outlets are one "(no outlet)" row.
        before = ratings.get(outlet or "", (0, 0))
        ratings[outlet or ""] = (before[0] + int(rated), before[1] + int(wrong or 0))
    return ratings


def _per_outlet(per_article: Any) -> Any:
    """Sum per-article counts up to outlets: joining two thousand article
    rows after counting is far cheaper than one per claim before."""
    counts = per_article.subquery()
    return (sa.select(Article.outlet, *[sa.func.sum(column) for column in counts.c
                                        if column.name != "article_id"])
            .join(counts, counts.c.article_id == Article.id).group_by(Article.outlet))


def _sources(session: DbSession, scope: Scope) -> list[SourceQuality]:
    """The sources most claims rest on, with how many of those claims'
    current verdicts say false or misleading: one grouped pass over the
    chains; the false-rated claims are one set, looked up per chain."""
    newer = aliased(Verdict)
    false_claims = (sa.select(Verdict.claim_id)
                    .where(Verdict.rating.in_(FALSE_RATINGS),
                           ~sa.exists().where(newer.claim_id == Verdict.claim_id,
                                              newer.id > Verdict.id)))
    claims = sa.func.count(sa.distinct(Attribution.claim_id))
    false_count = sa.func.count(sa.distinct(sa.case(
        (Attribution.claim_id.in_(false_claims), Attribution.claim_id))))
    top = scope.rows(
        sa.select(AttributionHop.source_id.label("source_id"), claims.label("claims"),
                  false_count.label("false_count"))
        .join(Attribution, Attribution.id == AttributionHop.attribution_id)
        # Ties at the cut broken by id, as the maintained dashboard does.
        .group_by(AttributionHop.source_id)
        .order_by(claims.desc(), AttributionHop.source_id).limit(SOURCE_ROWS),
        Attribution.claim_id).subquery()
    rows = session.execute(
        sa.select(Source.id, Source.name, Source.kind, top.c.claims, top.c.false_count)
        .join(top, top.c.source_id == Source.id).order_by(top.c.claims.desc(), Source.name))
    return [SourceQuality(sid, name, kind, int(count), int(false or 0))
            for sid, name, kind, count, false in rows]


def source_names(session: DbSession, ids: Sequence[int]) -> dict[int, tuple[str, SourceKind]]:
    if not ids:
        return {}
    return {source_id: (name, kind) for source_id, name, kind in session.execute(
        sa.select(Source.id, Source.name, Source.kind).where(Source.id.in_(ids)))}
