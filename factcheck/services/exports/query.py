"""The rows a bulk export reads: one per claim with a verdict, with its
current (latest) verdict, article and attribution chains.

Read in keyset batches of plain rows (nothing enters the session's
identity map), so memory stays flat whatever the number of verdicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.snapshots import chains_from_json
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.types import UTCDateTime
from factcheck.models.verdict import Verdict
from factcheck.services.core.session import DbSession
from factcheck.services.exports.chains import (
    Chains,
    chains_by_claim,
    corrected_by_claim,
    folded_columns,
    in_array,
    in_list,
    unfold_chains,
)

BATCH_SIZE = 2000
# Plain tables, not ORM entities: rows come back as tuples without the
# ORM's per-row loading work, which is most of an export's cost.
_claims = Claim.__table__
_articles = Article.__table__
_verdicts = Verdict.__table__
_chains_table = Attribution.__table__
_hops = AttributionHop.__table__


@dataclass(frozen=True)
class ExportFilters:
    """What to export. Dates are inclusive and compare with the day the
    current verdict was published (approved, for unpublished ones)."""

    date_from: date | None = None
    date_to: date | None = None
    outlet: str = ""
    source_id: int | None = None
    source_name: str = ""
    rating: TruthRating | None = None
    # None: every claim with a verdict, whatever its status.
    status: ClaimStatus | None = ClaimStatus.PUBLISHED
    article_id: int | None = None
    # ClaimReview only ever describes verdicts that were made public.
    published_only: bool = False

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "outlet": self.outlet or None,
            "source": self.source_name or None,
            "source_id": self.source_id,
            "rating": self.rating.value if self.rating else None,
            "status": self.status.value if self.status else None,
            "article_id": self.article_id,
        }


@dataclass(frozen=True, slots=True)
class ExportRow:
    claim_id: int
    claim_text: str
    status: ClaimStatus
    rating: TruthRating
    public_rationale: str
    approved_at: datetime
    published_at: datetime | None
    modified_at: datetime | None
    article_id: int
    article_title: str
    outlet: str | None
    article_url: str | None
    article_published_on: date | None
    # Source names per chain, outermost reporter first.
    chains: tuple[tuple[str, ...], ...]
    original_source: str | None
    original_source_kind: SourceKind | None
    # Who made the claim, as the editor chose at approval (ClaimReview's
    # itemReviewed.author).
    claimant: str | None = None
    claimant_kind: SourceKind | None = None


def _verdict_day() -> sa.ColumnElement[Any]:
    return sa.func.coalesce(_verdicts.c.published_at, _verdicts.c.approved_at, type_=UTCDateTime())


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _status_is(status: ClaimStatus) -> sa.ColumnElement[bool]:
    # "status || ''" keeps the planner off the status index: it would pick
    # it and scan every matching claim for each window of ids (quadratic on
    # a big export) instead of reading the window by primary key.
    return sa.type_coerce(_claims.c.status, sa.String()).concat("") == status.value


def _conditions(filters: ExportFilters) -> list[sa.ColumnElement[bool]]:
    wanted: list[sa.ColumnElement[bool]] = []
    if filters.status is not None:
        wanted.append(_status_is(filters.status))
    if filters.published_only:
        wanted += [_status_is(ClaimStatus.PUBLISHED), _verdicts.c.published_at.is_not(None)]
    if filters.rating is not None:
        wanted.append(_verdicts.c.rating == filters.rating)
    if filters.date_from is not None:
        wanted.append(_verdict_day() >= _day_start(filters.date_from))
    if filters.date_to is not None:
        wanted.append(_verdict_day() < _day_start(filters.date_to + timedelta(days=1)))
    if filters.outlet:
        wanted.append(sa.func.lower(_articles.c.outlet) == filters.outlet.strip().lower())
    if filters.article_id is not None:
        wanted.append(_claims.c.article_id == filters.article_id)
    if filters.source_id is not None:
        wanted.append(sa.exists().where(_chains_table.c.claim_id == _claims.c.id,
                                        _hops.c.attribution_id == _chains_table.c.id,
                                        _hops.c.source_id == filters.source_id))
    return wanted


def _base(columns: Sequence[Any], filters: ExportFilters) -> sa.Select[Any]:
    # The current verdict is the claim's latest: verdicts are appended,
    # never overwritten (the index on verdicts.claim_id serves this).
    current = (sa.select(sa.func.max(_verdicts.c.id))
               .where(_verdicts.c.claim_id == _claims.c.id)
               .correlate(_claims).scalar_subquery())
    return (sa.select(*columns).select_from(_claims)
            .join(_articles, _articles.c.id == _claims.c.article_id)
            # Joined on claim_id as well, so a batch's verdicts are found
            # through the claim_id index instead of by hashing every verdict.
            .join(_verdicts, sa.and_(_verdicts.c.claim_id == _claims.c.id,
                                     _verdicts.c.id == current))
            .where(*_conditions(filters)))


def count_rows(session: DbSession, filters: ExportFilters) -> int:
    query = _base([sa.func.count()], filters)
    candidates = _candidate_query(filters)
    if candidates is not None:
        # A narrow export counts through the same index it reads through
        # (the candidates are a superset; every filter still applies).
        query = query.where(_claims.c.id.in_(candidates))
    return int(session.scalar(query) or 0)


_COLUMNS = (
    _claims.c.id, _claims.c.text, _claims.c.status, _verdicts.c.rating,
    _verdicts.c.public_rationale, _verdicts.c.approved_at, _verdicts.c.published_at,
    _verdicts.c.supersedes_id, _articles.c.id, _articles.c.title, _articles.c.outlet,
    _articles.c.url, _articles.c.published_on,
    # The verdict's snapshot: what it judged and publishes.
    _verdicts.c.claim_text, _verdicts.c.chains_json, _verdicts.c.claimant,
    _verdicts.c.claimant_kind,
)


def _row(raw: Any, chains: Chains, corrected: datetime | None) -> ExportRow:
    (claim_id, text, status, rating, rationale, approved_at, published_at, supersedes_id,
     article_id, title, outlet, url, published_on, frozen_text, frozen_chains, claimant,
     claimant_kind) = raw
    if frozen_text is not None:
        # Published data comes from the snapshot: a later edit of the claim
        # or rename of a source never rewrites it.
        text = frozen_text
        chains = [[(name, kind.value) for name, kind in chain]
                  for chain in chains_from_json(frozen_chains)]
    modified = corrected
    if supersedes_id is not None and modified is None:
        # A verdict that replaced another is itself the correction.
        modified = published_at or approved_at
    original = chains[0][-1] if chains and chains[0] else None
    return ExportRow(
        claim_id=claim_id, claim_text=text, status=status, rating=rating,
        public_rationale=rationale, approved_at=approved_at, published_at=published_at,
        modified_at=modified, article_id=article_id, article_title=title, outlet=outlet,
        article_url=url, article_published_on=published_on,
        chains=tuple(tuple(name for name, _ in chain) for chain in chains),
        original_source=original[0] if original else None,
        original_source_kind=SourceKind(original[1]) if original else None,
        claimant=claimant if frozen_text is not None else (original[0] if original else None),
        claimant_kind=(claimant_kind if frozen_text is not None
                       else SourceKind(original[1]) if original else None),
    )


# A narrow export (one article, a week of verdicts, one source) reads its
# candidate claims through an index instead of windowing over every claim;
# beyond this many candidates the plain windows are as fast and hold less.
MAX_CANDIDATES = 200_000


def _candidate_query(filters: ExportFilters) -> sa.Select[Any] | None:
    """Claim ids that may match, found through an index: a superset of the
    export's rows (every filter is still applied to each batch)."""
    if filters.article_id is not None:
        return sa.select(_claims.c.id).where(_claims.c.article_id == filters.article_id)
    if filters.source_id is not None:
        return (sa.select(_chains_table.c.claim_id)
                .join(_hops, _hops.c.attribution_id == _chains_table.c.id)
                .where(_hops.c.source_id == filters.source_id))
    if filters.date_from is not None or filters.date_to is not None:
        published, approved = [], []
        if filters.date_from is not None:
            published.append(_verdicts.c.published_at >= _day_start(filters.date_from))
            approved.append(_verdicts.c.approved_at >= _day_start(filters.date_from))
        if filters.date_to is not None:
            end = _day_start(filters.date_to + timedelta(days=1))
            published.append(_verdicts.c.published_at < end)
            approved.append(_verdicts.c.approved_at < end)
        # The day a verdict counts on is its publication, else its approval.
        return sa.select(_verdicts.c.claim_id).where(sa.or_(
            sa.and_(*published), sa.and_(_verdicts.c.published_at.is_(None), *approved)))
    return None


def _candidate_batches(session: DbSession, filters: ExportFilters,
                       batch_size: int) -> Iterator[list[int]] | None:
    query = _candidate_query(filters)
    if query is None:
        return None
    # Distinct in SQL before the limit: a claim citing the source in two
    # chains, or with several verdicts, comes back once, so a full list is
    # never mistaken for a capped one (or the reverse).
    ids = sorted(session.scalars(query.distinct().limit(MAX_CANDIDATES + 1)))
    if len(ids) > MAX_CANDIDATES:
        return None
    return (ids[start:start + batch_size] for start in range(0, len(ids), batch_size))


def _window_batches(high: int, batch_size: int) -> Iterator[tuple[int, int]]:
    for low in range(0, high, batch_size):
        yield low, low + batch_size


def iter_rows(session: DbSession, filters: ExportFilters, *, end_read: Callable[[], None],
              batch_size: int = BATCH_SIZE) -> Iterator[ExportRow]:
    """Rows in claim order, read a batch of claim ids at a time.

    A narrow export reads its candidate ids through an index first. A broad
    one reads windows of ids (id > low AND id <= low + size) rather than
    "LIMIT n after the last id": with a LIMIT the planners may join and sort
    every remaining claim per batch, which turns a big export quadratic.
    Each batch is its own short read transaction: on SQLite a transaction
    outside a GET request holds the write lock, and an export must not keep
    editors waiting. ``end_read`` ends each one: the caller owns the
    transaction (the web and the CLI roll their session back; nothing is
    pending by then). Commit anything pending before iterating.
    """
    high = session.scalar(sa.select(sa.func.max(_claims.c.id))) or 0
    batches = _candidate_batches(session, filters, batch_size)
    postgresql = session.get_bind().dialect.name == "postgresql"
    end_read()
    # On PostgreSQL each row carries its chains and correction date (one
    # query per batch instead of three, the chains as one array parsed in C);
    # SQLite has no ordered array_agg and is fast enough with three.
    columns = _COLUMNS + folded_columns() if postgresql else _COLUMNS
    query = _base(columns, filters).order_by(_claims.c.id)
    selections: Iterator[sa.Select[Any]]
    if batches is not None:
        matches = in_array if postgresql else in_list
        batched = query.where(matches(_claims.c.id), matches(_verdicts.c.claim_id))
        selections = (batched.params(claim_ids=ids) for ids in batches)
    else:
        # The range is repeated on verdicts.claim_id: PostgreSQL carries
        # equalities across a join, not ranges.
        selections = (query.where(_claims.c.id > low, _claims.c.id <= high_id,
                                  _verdicts.c.claim_id > low, _verdicts.c.claim_id <= high_id)
                      for low, high_id in _window_batches(high, batch_size))
    for selection in selections:
        batch = session.execute(selection).all()
        if postgresql:
            end_read()
            width = len(_COLUMNS)
            for raw in batch:
                yield _row(raw[:width], unfold_chains(raw[width]), raw[width + 1])
            continue
        ids = [raw[0] for raw in batch]
        chains = chains_by_claim(session, ids) if ids else {}
        corrected = corrected_by_claim(session, ids) if ids else {}
        end_read()
        for raw in batch:
            yield _row(raw, chains.get(raw[0], []), corrected.get(raw[0]))
