"""Dashboard sections about the claims themselves: progress by status,
verdicts, and the backlog. Each is a handful of aggregate queries whose
number does not depend on how many claims there are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from factcheck.domain.charts import Segment, stacked_bar
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.stats import (
    AGE_BUCKETS,
    AgeBucket,
    fold_by_week,
    median,
    percentile,
    week_start,
)
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.user import User
from factcheck.services.claims.listing import WAITING, current_verdicts, start_of
from factcheck.services.core.session import DbSession
from factcheck.services.dashboard.sql import as_date, day_of, days_between

ATTENTION_ROWS = 12
OLDEST_ROWS = 10


@dataclass(frozen=True)
class ArticleProgress:
    article_id: int
    title: str
    outlet: str | None
    by_status: dict[ClaimStatus, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def waiting(self) -> int:
        return sum(self.by_status.get(status, 0) for status in WAITING)

    @property
    def published(self) -> int:
        return self.by_status.get(ClaimStatus.PUBLISHED, 0)

    @property
    def segments(self) -> list[Segment]:
        return stacked_bar([(status.value, status.label, self.by_status.get(status, 0))
                            for status in ClaimStatus if status is not ClaimStatus.NOT_A_CLAIM])


@dataclass(frozen=True)
class Progress:
    by_status: dict[ClaimStatus, int]
    attention: list[ArticleProgress]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def progress(session: DbSession, where: Sequence[Any], where_all: Sequence[Any]) -> Progress:
    """``where_all`` includes spans marked not a claim, for the status count."""
    counts = {status: 0 for status in ClaimStatus}
    for status, count in session.execute(
            sa.select(Claim.status, sa.func.count()).where(*where_all).group_by(Claim.status)):
        counts[status] = count
    return Progress(counts, attention(session, where))


def attention(session: DbSession, where: Sequence[Any]) -> list[ArticleProgress]:
    """Articles needing attention: most disputed, then most waiting."""
    live = [s for s in ClaimStatus if s is not ClaimStatus.NOT_A_CLAIM]
    per_status = [sa.func.sum(sa.case((Claim.status == s, 1), else_=0)) for s in live]
    disputed = per_status[live.index(ClaimStatus.DISPUTED)]
    waiting = sa.func.sum(sa.case((Claim.status.in_(WAITING), 1), else_=0))
    rows = session.execute(
        sa.select(Claim.article_id, *per_status).where(*where)
        .group_by(Claim.article_id)
        .order_by(disputed.desc(), waiting.desc(), Claim.article_id.desc())
        .limit(ATTENTION_ROWS)).all()
    articles = {row.id: row for row in session.execute(
        sa.select(Article.id, Article.title, Article.outlet)
        .where(Article.id.in_([row[0] for row in rows])))} if rows else {}
    return [ArticleProgress(row[0], articles[row[0]].title, articles[row[0]].outlet,
                            {s: int(n or 0) for s, n in zip(live, row[1:], strict=True)})
            for row in rows if row[0] in articles]


@dataclass(frozen=True)
class OutletVerdicts:
    outlet: str
    by_rating: dict[TruthRating, int]

    @property
    def total(self) -> int:
        return sum(self.by_rating.values())

    @property
    def false_or_misleading(self) -> int:
        return sum(n for rating, n in self.by_rating.items() if rating.info.is_false_or_misleading)


@dataclass(frozen=True)
class Verdicts:
    by_rating: dict[TruthRating, int]
    by_week: list[tuple[date, int]]
    by_outlet: list[OutletVerdicts]

    @property
    def total(self) -> int:
        return sum(self.by_rating.values())


def verdicts(session: DbSession, where: Sequence[Any], dialect: str,
             weeks: Sequence[date]) -> Verdicts:
    current = current_verdicts().subquery()
    joined = sa.select().select_from(current).join(Claim, Claim.id == current.c.claim_id)
    day = day_of(dialect, current.c.approved_at)
    per_day: list[tuple[date, int]] = []
    if weeks:
        per_day = [(as_date(value), count) for value, count in session.execute(
            joined.add_columns(day, sa.func.count()).where(
                *where, current.c.approved_at >= start_of(weeks[0]),
                current.c.approved_at < start_of(weeks[-1] + timedelta(days=7)))
            .group_by(day))]
    folded = fold_by_week(per_day)
    per_week = {week: folded.get(week, 0) for week in weeks}
    outlets: dict[str, dict[TruthRating, int]] = {}
    # Counted per article first, then rolled up to outlets: two thousand
    # article rows to join instead of one per verdict.
    per_article = (joined.add_columns(Claim.article_id.label("article_id"),
                                      current.c.rating.label("rating"),
                                      sa.func.count().label("n"))
                   .where(*where).group_by(Claim.article_id, current.c.rating).subquery())
    for outlet, rating, count in session.execute(
            sa.select(Article.outlet, per_article.c.rating, sa.func.sum(per_article.c.n))
            .join(per_article, per_article.c.article_id == Article.id)
            .group_by(Article.outlet, per_article.c.rating)):
        outlets.setdefault(outlet or "", {})[TruthRating(rating)] = int(count)
    by_rating = {rating: 0 for rating in TruthRating}
    for counts in outlets.values():  # the overall distribution is the outlets' sum
        for rating, count in counts.items():
            by_rating[rating] += count
    by_outlet = sorted((OutletVerdicts(name, counts) for name, counts in outlets.items()),
                       key=lambda row: (-row.total, row.outlet))
    return Verdicts(by_rating, sorted(per_week.items()), by_outlet)


@dataclass(frozen=True)
class WeekTurnaround:
    week: date
    count: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class Backlog:
    buckets: list[tuple[AgeBucket, int]]
    oldest: Sequence[Claim]
    turnaround: list[WeekTurnaround]

    @property
    def waiting(self) -> int:
        return sum(count for _, count in self.buckets)


def backlog(session: DbSession, where: Sequence[Any], dialect: str, weeks: Sequence[date],
            now: datetime) -> Backlog:
    return Backlog(waiting_by_age(session, where, now), oldest_waiting(session, where),
                   turnaround(session, where, dialect, weeks))


def waiting_by_age(session: DbSession, where: Sequence[Any],
                   now: datetime) -> list[tuple[AgeBucket, int]]:
    bucket_of = sa.case(*[
        (Claim.created_at > now - timedelta(days=b.max_days), b.key)
        for b in AGE_BUCKETS if b.max_days is not None], else_=AGE_BUCKETS[-1].key)
    counts: dict[str, int] = dict(session.execute(
        sa.select(bucket_of, sa.func.count()).where(Claim.status.in_(WAITING), *where)
        .group_by(bucket_of)).all())
    return [(bucket, int(counts.get(bucket.key, 0))) for bucket in AGE_BUCKETS]


def oldest_waiting(session: DbSession, where: Sequence[Any]) -> Sequence[Claim]:
    """The oldest waiting claims with their article's title and assignee's
    name, joined in one statement: loaded apart, the assignees cost a
    statement only when one of the claims had somebody assigned, so the
    dashboard's statements varied with the data (and the articles came
    with their bodies)."""
    return session.scalars(
        sa.select(Claim).where(Claim.status.in_(WAITING), *where)
        .order_by(Claim.created_at, Claim.id)
        .limit(OLDEST_ROWS).options(
            joinedload(Claim.article).load_only(Article.title),
            joinedload(Claim.assignee).load_only(User.display_name))
    ).all()


def turnaround(session: DbSession, where: Sequence[Any], dialect: str,
               weeks: Sequence[date]) -> list[WeekTurnaround]:
    """Per week, days from a claim coming in to its current verdict's
    publication: how many, median and 90th percentile."""
    durations: dict[date, list[float]] = {week: [] for week in weeks}
    if weeks:
        current = current_verdicts().subquery()
        published = current.c.published_at
        rows = session.execute(
            sa.select(day_of(dialect, published), days_between(dialect, Claim.created_at,
                                                               published))
            .select_from(current).join(Claim, Claim.id == current.c.claim_id)
            .where(*where, published >= start_of(weeks[0]),
                   published < start_of(weeks[-1] + timedelta(days=7))))
        for value, elapsed in rows:
            bucket = durations.get(week_start(as_date(value)))
            if bucket is not None and elapsed is not None:
                bucket.append(float(elapsed))
    return [WeekTurnaround(week, len(values), median(values), percentile(values, 90))
            for week, values in sorted(durations.items())]
