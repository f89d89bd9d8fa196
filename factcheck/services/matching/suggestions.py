"""Suggestions for our own claims, as the article and review pages show
them: read from what claim matching stored (claim_figures), so a page with
fifty claims costs a handful of reads, not fifty searches. A claim with
nothing stored for its current text (edited since, or saved before
matching was stored) is searched for on the spot, unless a job matching its
article is still to run: then the page says matching is in progress (the
search would cost what the job was made to spare the request)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa

from factcheck.domain.roles import Permission
from factcheck.models.claim import Claim
from factcheck.models.claim_match import ClaimMatch, ClaimMatchFigure
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession, column_rows
from factcheck.services.matching.background import matching_since
from factcheck.services.matching.claim_figures import STORED, text_hash
from factcheck.services.matching.search import (
    MAX_LIMIT,
    Match,
    Suggestion,
    Thresholds,
    describe,
    ranked_matches,
)


@dataclass(frozen=True)
class ClaimSuggestions:
    """Per claim id, the published verdicts to suggest; and the claims
    whose matching is still to run (``in_progress``), which have none to
    show yet, rather than none found."""

    found: dict[int, list[Suggestion]]
    in_progress: frozenset[int] = frozenset()
    matching_since: datetime | None = None  # when the waiting job was asked for


def suggestions_for_claims(actor: Actor, session: DbSession, claims: Sequence[tuple[int, str]],
                           limit: int = 5, *, thresholds: Thresholds,
                           ) -> dict[int, list[Suggestion]]:
    """Per claim id (``claims``: id and current text), published verdicts
    on similar claims, best first; each claim's own verdict left out."""
    return article_suggestions(actor, session, None, claims, limit,
                               thresholds=thresholds).found


def article_suggestions(actor: Actor, session: DbSession, article_id: int | None,
                        claims: Sequence[tuple[int, str]], limit: int = 5, *,
                        thresholds: Thresholds) -> ClaimSuggestions:
    """``suggestions_for_claims`` for claims of article ``article_id``: a
    claim with nothing stored for its text while a job is to match the
    article is in progress, not searched for here."""
    require(actor, Permission.VIEW_ARTICLES)
    limit = max(1, min(limit, MAX_LIMIT))
    stored = (_stored(session, [claim_id for claim_id, _ in claims], article_id)
              if limit <= STORED else {})
    found: dict[int, list[Match]] = {}
    unmatched: list[tuple[int, str]] = []
    for claim_id, text in claims:
        entry = stored.get(claim_id)
        if entry is not None and entry[0] == text_hash(text):
            found[claim_id] = entry[1]
        else:
            unmatched.append((claim_id, text))
    # Asked only when something is missing: a matched article costs nothing more.
    since = matching_since(session, article_id) if unmatched and article_id else None
    waiting = frozenset(claim_id for claim_id, _ in unmatched) if since else frozenset()
    if unmatched and not waiting:
        searched = ranked_matches(session, [text for _, text in unmatched],
                                  [claim_id for claim_id, _ in unmatched], depth=limit)
        found.update(zip([claim_id for claim_id, _ in unmatched], searched, strict=True))
    ids = [claim_id for claim_id, _ in claims if claim_id not in waiting]
    lists = [[match for match in found[claim_id] if match.similarity >= thresholds.similar]
             for claim_id in ids]
    described = dict(zip(ids, describe(session, lists, limit, thresholds), strict=True))
    return ClaimSuggestions(described, waiting, since)


_STORED_COLUMNS = (ClaimMatchFigure.claim_id, ClaimMatchFigure.text_hash, ClaimMatch.document_id,
                   ClaimMatch.similarity, ClaimMatch.position)


@cache
def _stored_statement() -> sa.Select[int, str, int, float, int]:
    """Built once, as the statements below."""
    return (sa.select(*_STORED_COLUMNS)
            .outerjoin(ClaimMatch, ClaimMatch.claim_id == ClaimMatchFigure.claim_id)
            .where(ClaimMatchFigure.claim_id.in_(sa.bindparam("ids", expanding=True))))


@cache
def _stored_for_claim() -> sa.Select[int, str, int, float, int]:
    """One claim's (the review page's): the same statement on each page,
    where a list of ids is written into the SQL anew on every run."""
    return (sa.select(*_STORED_COLUMNS)
            .outerjoin(ClaimMatch, ClaimMatch.claim_id == ClaimMatchFigure.claim_id)
            .where(ClaimMatchFigure.claim_id == sa.bindparam("claim_id")))


@cache
def _stored_for_article() -> sa.Select[int, str, int, float, int]:
    """An article's claims' (the article page's), by the article: one
    statement whatever the number of claims, so PostgreSQL keeps it
    prepared, and no list of ids to write into the SQL on each run."""
    return (sa.select(*_STORED_COLUMNS)
            .join(Claim, Claim.id == ClaimMatchFigure.claim_id)
            .outerjoin(ClaimMatch, ClaimMatch.claim_id == ClaimMatchFigure.claim_id)
            .where(Claim.article_id == sa.bindparam("article_id")))


def _stored_rows(session: DbSession, claim_ids: list[int],
                 article_id: int | None) -> Iterator[tuple[int, str, int, float, int]]:
    wanted = sorted(set(claim_ids))
    if len(wanted) == 1:
        yield from column_rows(session, _stored_for_claim(), {"claim_id": wanted[0]})
    elif article_id is not None:
        asked = set(wanted)
        for row in column_rows(session, _stored_for_article(), {"article_id": article_id}):
            if row[0] in asked:
                yield row
    else:
        for start in range(0, len(wanted), 500):
            yield from column_rows(session, _stored_statement(),
                                   {"ids": wanted[start:start + 500]})


def _stored(session: DbSession, claim_ids: list[int],
            article_id: int | None = None) -> dict[int, tuple[str, list[Match]]]:
    """Per claim: the hash of the text it was matched as, and its stored
    matches best first. One query for the lot (claims of ``article_id``
    when it is given)."""
    found: dict[int, tuple[str, list[Match]]] = {}
    places: dict[tuple[int, int], int] = {}
    for claim_id, digest, document_id, similarity, position in _stored_rows(
            session, claim_ids, article_id):
        matches = found.setdefault(claim_id, (digest, []))[1]
        if document_id is not None:
            matches.append(Match(document_id, similarity))
            places[claim_id, document_id] = position
    # In the order stored (the ranking's); matches stored before positions
    # were kept all have 0 and fall back on similarity, as they were listed.
    for claim_id, (_, matches) in found.items():
        matches.sort(key=lambda match: (places[claim_id, match.document_id],
                                        -match.similarity, match.document_id))
    return found
