"""The maintained counters as the pages want them: a handful of primary-key
range reads, however large the archive."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa

from factcheck.domain import figures
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.stats import fold_by_week
from factcheck.models.figures import FigureCount
from factcheck.services.core.session import DbSession


def _rows(session: DbSession, figure: str, *, first: str | None = None,
          second_from: str | None = None, second_to: str | None = None) -> list[
              tuple[str, str, int]]:
    query = sa.select(FigureCount.first_key, FigureCount.second_key, FigureCount.n).where(
        FigureCount.figure == figure, FigureCount.n != 0)
    if first is not None:
        query = query.where(FigureCount.first_key == first)
    if second_from is not None:
        query = query.where(FigureCount.second_key >= second_from)
    if second_to is not None:
        query = query.where(FigureCount.second_key < second_to)
    return [(a, b, int(n)) for a, b, n in session.execute(query)]


def article_count(session: DbSession) -> int:
    return sum(n for _, _, n in _rows(session, figures.ARTICLES[0]))


def claims_by_status(session: DbSession) -> dict[ClaimStatus, int]:
    counts = {status: 0 for status in ClaimStatus}
    for _, status, n in _rows(session, figures.CLAIMS):
        counts[ClaimStatus(status)] += n
    return counts


def claim_total(session: DbSession, statuses: Sequence[ClaimStatus],
                outlet: str | None = None, *, sourcing: str | None = None) -> int:
    """Claims in ``statuses`` (of ``outlet``, its figures key, when given;
    so sourced, one of figures.SOURCING_KINDS, when given)."""
    wanted = {status.value for status in statuses}
    figure = figures.CLAIMS_BY_SOURCING[sourcing] if sourcing else figures.CLAIMS
    return sum(n for _, status, n in _rows(session, figure, first=outlet)
               if status in wanted)


def claim_outlets(session: DbSession) -> list[str]:
    """Every named outlet that has claims, dismissed spans included, in
    order: what the filter menus offer, and so every outlet a dashboard
    row links to."""
    return sorted({outlet for outlet, _, _ in _rows(session, figures.CLAIMS) if outlet})


def live_claims_by_outlet(session: DbSession) -> dict[str, int]:
    """Claims per outlet, spans dismissed as not a claim left out."""
    counts: dict[str, int] = {}
    for outlet, status, n in _rows(session, figures.CLAIMS):
        if status != ClaimStatus.NOT_A_CLAIM.value:
            counts[outlet] = counts.get(outlet, 0) + n
    return counts


def verdicts_by_outlet(session: DbSession) -> dict[str, dict[TruthRating, int]]:
    outlets: dict[str, dict[TruthRating, int]] = {}
    for outlet, rating, n in _rows(session, figures.VERDICTS):
        outlets.setdefault(outlet, {})[TruthRating(rating)] = n
    return outlets


def verdicts_per_week(session: DbSession, weeks: Sequence[date]) -> list[tuple[date, int]]:
    if not weeks:
        return []
    days = _rows(session, figures.VERDICT_DAYS, second_from=weeks[0].isoformat(),
                 second_to=(weeks[-1] + timedelta(days=7)).isoformat())
    folded = fold_by_week((date.fromisoformat(day), n) for _, day, n in days)
    return [(week, folded.get(week, 0)) for week in weeks]


def sourcing_by_outlet(session: DbSession) -> dict[str, dict[str, int]]:
    outlets: dict[str, dict[str, int]] = {}
    for outlet, kind, n in _rows(session, figures.SOURCING):
        outlets.setdefault(outlet, {})[kind] = n
    return outlets


def source_figures(session: DbSession) -> dict[int, dict[str, int]]:
    """Per source id: claims resting on it, how many of them rated false or
    misleading, how many also resting on an anonymous source."""
    sources: dict[int, dict[str, int]] = {}
    for source_id, kind, n in _rows(session, figures.SOURCES):
        sources.setdefault(int(source_id), {})[kind] = n
    return sources
