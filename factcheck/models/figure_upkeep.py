"""Keeps ``figure_counts``, and each claim's stored sourcing
(``claims.sourcing``, ``claims.rests_on_anonymous``), current in the
transaction of every change.

Hooked to the session's flush rather than called by each service: claims
change state in a dozen places (intake, editing, split and merge, reviews,
verdicts, corrections, source edits and merges, deletions, the importer,
the demo), and a call forgotten in one of them would drift the figures
silently. At flush the session knows every row about to change, whoever
changed it:

- before the flush, the claims those rows belong to are read as they stand
  (on PostgreSQL their rows locked first, so a concurrent transaction on
  the same claim waits instead of both reading the same "before");
- after the flush, the same claims are read again;
- each counter moves by after - before with ``UPDATE ... SET n = n + :d``
  (an upsert for a new key), atomic on both databases, so concurrent
  transactions on different claims never lose an increment;
- a claim whose chains now rest on other sources than its row says gets
  its sourcing columns rewritten (the "after" read already has its hops).

Bulk SQL statements bypass the flush: code that moves rows with one
(source merge) wraps it in ``recounting`` for the claims it touches, and
bulk loaders (the synthetic demo) rebuild the counters when done, which
also repairs any stored sourcing that disagrees with the chains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.orm.attributes import set_committed_value

from factcheck.domain import figures
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.sources import SourceKind, Sourcing, sourcing_of
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.figures import FigureCount
from factcheck.models.source import Source
from factcheck.models.verdict import Verdict

BEFORE_KEY = "factcheck.figures_before"
BATCH = 500  # claim ids per IN (...) list


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start:start + BATCH]


def claim_states(connection: Any, ids: Iterable[int] | None) -> dict[int, figures.ClaimState]:
    """The figure-relevant state of these claims (every claim: ``None``)."""
    return _read(connection, ids)[0]


Stored = dict[int, tuple[Sourcing, bool]]


Chains = Mapping[int, tuple[tuple[int, SourceKind], ...]]


def _read(connection: Any, ids: Iterable[int] | None, known_chains: Chains | None = None
          ) -> tuple[dict[int, figures.ClaimState], Stored]:
    """The claims' states, and the sourcing stored on each row (to be
    corrected where the chains now say otherwise). Two statements per
    batch: the claims with their outlet and newest verdict joined, then
    their chains' hops, unless ``known_chains`` already holds them (read
    before a flush that touched no chain). Every flush that touches a claim
    reads before and after, so a statement less here is two less per change."""
    batches: Iterable[list[int] | None] = [None] if ids is None else _batches(ids)
    states: dict[int, figures.ClaimState] = {}
    stored: Stored = {}
    for batch in batches:
        newest = sa.select(Verdict.claim_id, sa.func.max(Verdict.id).label("verdict_id"))
        hops = (sa.select(Attribution.claim_id, AttributionHop.source_id, Source.kind)
                .join(AttributionHop, AttributionHop.attribution_id == Attribution.id)
                .join(Source, Source.id == AttributionHop.source_id))
        if batch is not None:
            newest = newest.where(Verdict.claim_id.in_(batch))
            hops = hops.where(Attribution.claim_id.in_(batch))
        current = newest.group_by(Verdict.claim_id).subquery()
        verdict = (sa.select(Verdict.claim_id, Verdict.rating, Verdict.approved_at)
                   .join(current, current.c.verdict_id == Verdict.id).subquery())
        claims = (sa.select(Claim.id, Article.outlet, Claim.status, Claim.sourcing,
                            Claim.rests_on_anonymous, verdict.c.rating, verdict.c.approved_at)
                  .join(Article, Article.id == Claim.article_id)
                  .outerjoin(verdict, verdict.c.claim_id == Claim.id))
        if batch is not None:
            claims = claims.where(Claim.id.in_(batch))
        chains: Mapping[int, Sequence[tuple[int, SourceKind]]]
        if known_chains is None:
            read: dict[int, list[tuple[int, SourceKind]]] = {}
            for claim_id, source_id, kind in connection.execute(hops):
                read.setdefault(claim_id, []).append((source_id, SourceKind(kind)))
            chains = read
        else:
            chains = known_chains
        for (claim_id, outlet, status, sourcing, anonymous, rating,
             approved_at) in connection.execute(claims):
            states[claim_id] = figures.ClaimState(
                outlet, ClaimStatus(status), TruthRating(rating) if rating else None,
                approved_at, tuple(chains.get(claim_id, ())))
            stored[claim_id] = (Sourcing(sourcing), bool(anonymous))
    return states, stored


def keep_sourcing(connection: Any, states: Mapping[int, figures.ClaimState], stored: Stored,
                  session: Session | scoped_session[Any] | None = None) -> int:
    """Write each claim's sourcing where its chains no longer match what the
    row holds; the session's copies of those claims are told too, so a
    claim loaded before the change does not show the old value. Returns how
    many claims changed."""
    rows = []
    for claim_id, state in states.items():
        sourcing, anonymous = sourcing_of(state.hops)
        if stored.get(claim_id) != (sourcing, anonymous):
            rows.append({"claim": claim_id, "sourcing": sourcing, "anonymous": anonymous})
    if not rows:
        return 0
    table: Any = Claim.__table__
    connection.execute(sa.update(table).where(table.c.id == sa.bindparam("claim"))
                       .values(sourcing=sa.bindparam("sourcing"),
                               rests_on_anonymous=sa.bindparam("anonymous")), rows)
    if session is not None:
        mapper = sa.inspect(Claim)
        for row in rows:
            claim = session.identity_map.get(mapper.identity_key_from_primary_key((row["claim"],)))
            if claim is not None:
                set_committed_value(claim, "sourcing", row["sourcing"])
                set_committed_value(claim, "rests_on_anonymous", row["anonymous"])
    return len(rows)


def resync_sourcing(connection: Any) -> int:
    """Every claim's stored sourcing set from its chains, touching only the
    rows that disagree (after a bulk load, or to repair). Returns how many
    rows changed. One grouped pass over the chains, not a count per claim:
    a million-claim build on PostgreSQL was still in the correlated counts
    after minutes. A repair is no edit: ``updated_at`` is left as it was."""
    claims: Any = Claim.__table__
    per_claim = (
        sa.select(Attribution.claim_id.label("claim_id"),
                  sa.func.count(sa.distinct(AttributionHop.source_id)).label("sources"),
                  sa.func.max(sa.case((Source.kind == SourceKind.ANONYMOUS, 1), else_=0))
                  .label("anonymous"))
        .select_from(Attribution)
        .join(AttributionHop, AttributionHop.attribution_id == Attribution.id)
        .join(Source, Source.id == AttributionHop.source_id)
        .group_by(Attribution.claim_id).subquery())
    sourcing = sa.case((per_claim.c.sources == 1, Sourcing.SINGLE.value),
                       else_=Sourcing.SEVERAL.value)
    anonymous = per_claim.c.anonymous == 1
    sourced = connection.execute(
        sa.update(claims).values(sourcing=sourcing, rests_on_anonymous=anonymous,
                                 updated_at=claims.c.updated_at)
        .where(claims.c.id == per_claim.c.claim_id,
               sa.or_(claims.c.sourcing != sourcing, claims.c.rests_on_anonymous != anonymous)))
    unsourced = connection.execute(
        sa.update(claims).values(sourcing=Sourcing.NONE.value, rests_on_anonymous=False,
                                 updated_at=claims.c.updated_at)
        .where(sa.or_(claims.c.sourcing != Sourcing.NONE.value, claims.c.rests_on_anonymous),
               claims.c.id.not_in(sa.select(per_claim.c.claim_id))))
    return int(sourced.rowcount or 0) + int(unsourced.rowcount or 0)


def contributions(connection: Any, ids: Iterable[int]) -> figures.Counts:
    return figures.total(claim_states(connection, ids).values())


def apply(connection: Any, deltas: Mapping[figures.Key, int]) -> None:
    """Move each counter by its delta: an atomic increment, inserting the
    row the first time a key is seen. One statement for all of them (a
    review that moves a claim moves four counters), its rows in key order
    so two transactions lock shared counters in the same order."""
    if not deltas:
        return
    insert: Any = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    table = FigureCount.__table__
    statement = insert(table).values([
        {"figure": figure, "first_key": first, "second_key": second, "n": delta}
        for (figure, first, second), delta in sorted(deltas.items())])
    connection.execute(statement.on_conflict_do_update(
        index_elements=[table.c.figure, table.c.first_key, table.c.second_key],
        set_={"n": table.c.n + statement.excluded.n}))


def _lock(connection: Any, ids: set[int]) -> None:
    """Take the claims' rows before reading them, in id order (no
    deadlock between two flushes): a concurrent change to the same claim
    then waits for this transaction, and its "before" sees our "after".
    SQLite needs nothing: a writing transaction holds the database."""
    if connection.dialect.name != "postgresql":
        return
    for batch in _batches(ids):
        connection.execute(sa.select(Claim.id).where(Claim.id.in_(batch))
                           .order_by(Claim.id).with_for_update())


def _claim_id(thing: Any) -> int | None:
    claim_id = sa.inspect(thing).attrs.claim_id.loaded_value
    if isinstance(claim_id, int):
        return claim_id
    claim = thing.__dict__.get("claim")
    return claim.id if claim is not None else None


def _changes(session: Session, thing: Any, column: str) -> bool:
    """A stored row being deleted, or ``column`` of it changing: every claim
    under it moves (a source turned anonymous, an article's outlet)."""
    if thing.id is None:
        return False
    return thing in session.deleted or sa.inspect(thing).attrs[column].history.has_changes()


def _touched(session: Session, connection: Any, objects: Iterable[Any]) -> set[int]:
    """Ids of existing claims whose figures these pending rows may move."""
    ids: set[int] = set()
    attribution_ids: set[int] = set()
    source_ids: set[int] = set()
    article_ids: set[int] = set()
    for thing in objects:
        state = sa.inspect(thing)
        if isinstance(thing, Claim):
            if thing.id is not None:
                ids.add(thing.id)
        elif isinstance(thing, Verdict | Attribution):
            claim_id = _claim_id(thing)
            if claim_id is not None:
                ids.add(claim_id)
        elif isinstance(thing, AttributionHop):
            attribution_id = state.attrs.attribution_id.loaded_value
            if isinstance(attribution_id, int):
                attribution_ids.add(attribution_id)
            elif thing.__dict__.get("attribution") is not None:
                claim_id = _claim_id(thing.__dict__["attribution"])
                if claim_id is not None:
                    ids.add(claim_id)
        elif isinstance(thing, Source) and _changes(session, thing, "kind"):
            source_ids.add(thing.id)
        elif isinstance(thing, Article) and _changes(session, thing, "outlet"):
            article_ids.add(thing.id)
    if attribution_ids:
        ids.update(connection.scalars(sa.select(Attribution.claim_id)
                                      .where(Attribution.id.in_(attribution_ids))))
    if source_ids:
        ids.update(connection.scalars(
            sa.select(Attribution.claim_id)
            .join(AttributionHop, AttributionHop.attribution_id == Attribution.id)
            .where(AttributionHop.source_id.in_(source_ids))))
    if article_ids:
        ids.update(connection.scalars(sa.select(Claim.id)
                                      .where(Claim.article_id.in_(article_ids))))
    return ids


def _pending(session: Session) -> list[Any]:
    return [*session.new, *session.dirty, *session.deleted]


# Rows whose change can move a claim's chains (or which sources they name,
# or of what kind): a flush holding none of them leaves every chain as it
# read them before.
CHAIN_ROWS = (Attribution, AttributionHop, Source, Article)


@event.listens_for(Session, "before_flush")
def _read_before(session: Session, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        connection = session.connection()
        pending = _pending(session)
        ids = _touched(session, connection, pending)
        _lock(connection, ids)
        articles = (sum(isinstance(thing, Article) for thing in session.new)
                    - sum(isinstance(thing, Article) for thing in session.deleted))
        states = _read(connection, ids)[0] if ids else {}
        # Most changes (a review moving a claim, a verdict) touch no chain:
        # the "after" read then reuses these instead of reading them again.
        unchanged: Chains | None = None
        if not any(isinstance(thing, CHAIN_ROWS) for thing in pending):
            unchanged = {claim_id: state.hops for claim_id, state in states.items()}
        session.info[BEFORE_KEY] = (ids, figures.total(states.values()), articles, unchanged)


@event.listens_for(Session, "after_flush")
def _move_counters(session: Session, _context: Any) -> None:
    before_ids, before, articles, unchanged = session.info.pop(
        BEFORE_KEY, (set(), Counter(), 0, None))
    connection = session.connection()
    ids = set(before_ids)
    hop_attributions: set[int] = set()
    for thing in session.new:  # still the flushed rows, now with their ids
        if isinstance(thing, Claim):
            ids.add(thing.id)
        elif isinstance(thing, Verdict | Attribution):
            ids.add(thing.claim_id)
        elif isinstance(thing, AttributionHop):
            hop_attributions.add(thing.attribution_id)
    if hop_attributions:
        ids.update(connection.scalars(sa.select(Attribution.claim_id)
                                      .where(Attribution.id.in_(hop_attributions))))
    # A claim created in this flush has no chain unless the flush also held
    # its attributions, and then nothing is reused.
    states, stored = _read(connection, ids, unchanged)
    after = figures.total(states.values())
    if articles:
        after[figures.ARTICLES] += articles
    apply(connection, figures.change(before, after))
    keep_sourcing(connection, states, stored, session)


@contextmanager
def recounting(session: Session | scoped_session[Any], claim_ids: Iterable[int]) -> Iterator[None]:
    """Around a bulk statement that changes these claims' figures behind
    the flush's back: their counters move by what the statement changed."""
    session.flush()
    connection = session.connection()
    ids = set(claim_ids)
    _lock(connection, ids)
    before = contributions(connection, ids)
    yield
    states, stored = _read(connection, ids)
    apply(connection, figures.change(before, figures.total(states.values())))
    keep_sourcing(connection, states, stored, session)


def counted_from_scratch(connection: Any) -> figures.Counts:
    """Every counter as the archive's rows give it now."""
    counts = figures.total(claim_states(connection, None).values())
    articles = connection.scalar(sa.select(sa.func.count()).select_from(Article)) or 0
    if articles:
        counts[figures.ARTICLES] += articles
    return counts


def maintained(connection: Any) -> figures.Counts:
    return Counter({(row.figure, row.first_key, row.second_key): row.n
                    for row in connection.execute(sa.select(FigureCount)) if row.n})


def rebuild(connection: Any) -> figures.Counts:
    """Replace every counter with a fresh count, and each claim's stored
    sourcing with what its chains say (after a bulk load, or to repair);
    returns the counts written. Holds the claims on PostgreSQL meanwhile so
    no change slips between the count and the write."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("LOCK TABLE claims, verdicts, attribution_hops, "
                                   "articles, figure_counts IN SHARE ROW EXCLUSIVE MODE"))
    resync_sourcing(connection)
    counts = counted_from_scratch(connection)
    connection.execute(sa.delete(FigureCount))
    rows = [{"figure": f, "first_key": a, "second_key": b, "n": n}
            for (f, a, b), n in sorted(counts.items()) if n]
    for start in range(0, len(rows), 1000):
        connection.execute(sa.insert(FigureCount), rows[start:start + 1000])
    return counts
