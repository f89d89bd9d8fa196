"""One page of a list: its items, its number and whether another follows.
Every paged list (articles, claims, sources, the audit log) returns one, and
one pager macro (templates/_pager.html) draws them all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from factcheck.services.core.session import DbSession

T = TypeVar("T")
U = TypeVar("U")

# Far past any real list; keeps OFFSET within the database's integers.
MAX_PAGE = 10_000


def page_number(page: int | None, last: int = MAX_PAGE) -> int:
    """A page number from the address, held between 1 and ``last``."""
    return min(max(page or 1, 1), max(last, 1))


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    has_next: bool
    # Known where the list is counted (the claim list); None elsewhere,
    # since counting a whole archive to show fifty rows costs more than it tells.
    total: int | None = None
    per_page: int = 50

    @property
    def pages(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.per_page))

    def with_items(self, items: Sequence[U]) -> Page[U]:
        """The same page holding other items (rows built from the ones read)."""
        return Page(items, self.number, self.has_next, self.total, self.per_page)


def paginate(session: DbSession, query: sa.Select[Any], page: int, per_page: int,
             *, max_page: int = MAX_PAGE) -> Page[Any]:
    """One page of ``query`` (already ordered): one row more than the page
    is read to learn whether another page follows, without counting."""
    number = page_number(page, max_page)
    rows = session.scalars(query.offset((number - 1) * per_page).limit(per_page + 1)).all()
    return Page(rows[:per_page], number, len(rows) > per_page, per_page=per_page)


def page_of(items: Sequence[T], page: int, per_page: int) -> Page[T]:
    """One page of a list already in memory."""
    number = page_number(page)
    start = (number - 1) * per_page
    return Page(items[start:start + per_page], number, len(items) > start + per_page,
                per_page=per_page)


@dataclass(frozen=True)
class Slice(Generic[T]):
    """A stretch of a list read by keyset (the API's cursor pages): its
    items and the key of the last one when more follow, else None. Unlike
    a page number it stays put when rows are added in front of it, and it
    reads no rows it skips."""

    items: Sequence[T]
    after: tuple[Any, ...] | None


def slice_of(rows: Sequence[T], limit: int, key: Any) -> Slice[T]:
    """``rows`` read with one more than ``limit``: the extra one only says
    that another stretch follows."""
    shown = rows[:limit]
    more = len(rows) > limit
    return Slice(shown, key(shown[-1]) if more and shown else None)
