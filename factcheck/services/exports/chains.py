"""What an export row needs beside the claim and its verdict: its attribution
chains (source names and kinds, outermost reporter first) and the date of
its latest correction, read for a whole batch of claims at once.

Two ways, by database. SQLite: two queries per batch keyed by the batch's
ids. PostgreSQL: two more columns of the batch's own query, the chains
packed into one ordered array per claim; that saves two round trips per
batch and most of the per-row result handling.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction
from factcheck.models.source import Source
from factcheck.models.types import UTCDateTime
from factcheck.services.core.session import DbSession

# Per chain, its hops as (source name, source kind); the kind stays plain
# text until the row needs it (only the original source's is used).
Chains = list[list[tuple[str, str]]]

_claims = Claim.__table__
_chains_table = Attribution.__table__
_hops = AttributionHop.__table__
_sources = Source.__table__
_corrections = Correction.__table__

# A batch's claim ids as one parameter. SQLite gets an expanding IN list
# (compiled once and cached); PostgreSQL gets one array, "= ANY(:ids)",
# because two thousand separate parameters cost it more to parse and plan
# than the query costs to run.
_LIST_IDS: sa.BindParameter[list[int]] = sa.bindparam("claim_ids", expanding=True)
_ARRAY_IDS: sa.BindParameter[list[int]] = sa.bindparam(
    "claim_ids", type_=postgresql.ARRAY(sa.Integer()))  # type: ignore[arg-type]

IdsMatch = Callable[[sa.ColumnElement[int]], sa.ColumnElement[bool]]


def in_list(column: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    return column.in_(_LIST_IDS)


def in_array(column: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    return column == sa.any_(_ARRAY_IDS)


def _chains_query(ids_match: IdsMatch) -> sa.Select[Any]:
    return (sa.select(_chains_table.c.claim_id, _chains_table.c.id, _sources.c.name,
                      sa.type_coerce(_sources.c.kind, sa.String()))
            .join(_hops, _hops.c.attribution_id == _chains_table.c.id)
            .join(_sources, _sources.c.id == _hops.c.source_id)
            .where(ids_match(_chains_table.c.claim_id))
            .order_by(_chains_table.c.claim_id, _chains_table.c.position, _hops.c.position))


def _corrected_query(ids_match: IdsMatch) -> sa.Select[Any]:
    return (sa.select(_corrections.c.claim_id, sa.func.max(_corrections.c.created_at))
            .where(ids_match(_corrections.c.claim_id)).group_by(_corrections.c.claim_id))


_QUERIES = {
    "postgresql": (_chains_query(in_array), _corrected_query(in_array)),
    "other": (_chains_query(in_list), _corrected_query(in_list)),
}


def _queries(session: DbSession) -> tuple[sa.Select[Any], sa.Select[Any]]:
    dialect = session.get_bind().dialect.name
    return _QUERIES["postgresql" if dialect == "postgresql" else "other"]


def chains_by_claim(session: DbSession, claim_ids: list[int]) -> dict[int, Chains]:
    found: dict[int, Chains] = {}
    last_chain: int | None = None
    chain: list[tuple[str, str]] = []
    for claim_id, chain_id, name, kind in session.execute(
            _queries(session)[0], {"claim_ids": claim_ids}).all():
        if chain_id != last_chain:
            chain = []
            found.setdefault(claim_id, []).append(chain)
            last_chain = chain_id
        chain.append((name, kind))
    return found


def corrected_by_claim(session: DbSession, claim_ids: list[int]) -> dict[int, datetime]:
    rows = session.execute(_queries(session)[1], {"claim_ids": claim_ids}).all()
    return {claim_id: when for claim_id, when in rows}


# Between the packed fields of one hop. The chain id and kind never hold it
# and the name comes last, so a name that did would still read back whole.
_SEPARATOR = "\x1f"


def folded_columns() -> tuple[sa.ColumnElement[Any], sa.ColumnElement[Any]]:
    """PostgreSQL only: a claim's hops as one ordered text array
    ("chain id, kind, name" per hop) and its latest correction date, as
    correlated subqueries of the batch's own query."""
    hop = sa.func.concat(_chains_table.c.id, _SEPARATOR, _sources.c.kind, _SEPARATOR,
                         _sources.c.name)
    packed = (sa.select(sa.func.array_agg(postgresql.aggregate_order_by(
                  hop, _chains_table.c.position, _hops.c.position)))
              .select_from(_chains_table)
              .join(_hops, _hops.c.attribution_id == _chains_table.c.id)
              .join(_sources, _sources.c.id == _hops.c.source_id)
              .where(_chains_table.c.claim_id == _claims.c.id)
              .correlate(_claims).scalar_subquery())
    corrected = (sa.select(sa.func.max(_corrections.c.created_at))
                 .where(_corrections.c.claim_id == _claims.c.id)
                 .correlate(_claims).scalar_subquery())
    return (sa.type_coerce(packed, postgresql.ARRAY(sa.Text())),
            sa.type_coerce(corrected, UTCDateTime()))


def unfold_chains(packed: list[str] | None) -> Chains:
    chains: Chains = []
    last_chain = None
    for hop in packed or ():
        chain_id, kind, name = hop.split(_SEPARATOR, 2)
        if chain_id != last_chain:
            chains.append([])
            last_chain = chain_id
        chains[-1].append((name, kind))
    return chains
