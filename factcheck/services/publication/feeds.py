"""What the feeds carry: the most recently changed fact-checks (Atom), and
every published one a batch at a time (the ClaimReview DataFeed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlalchemy as sa

from factcheck.models.correction import Correction
from factcheck.models.verdict import Verdict
from factcheck.services.core.session import DbSession
from factcheck.services.publication.records import FactCheck, fact_checks, public_verdicts

# An Atom feed is a window on the latest changes, not an archive (the
# DataFeed and the paged list carry everything).
ATOM_ENTRIES = 50
BATCH_SIZE = 500


def _last_change() -> sa.ColumnElement[object]:
    """The verdict's publication, or its claim's latest correction if later."""
    corrected = (sa.select(sa.func.max(Correction.created_at))
                 .where(Correction.claim_id == Verdict.claim_id)
                 .correlate(Verdict).scalar_subquery())
    return sa.case((corrected > Verdict.published_at, corrected), else_=Verdict.published_at)


def recent_changes(session: DbSession, limit: int = ATOM_ENTRIES) -> list[FactCheck]:
    """Published fact-checks, the most recently published or corrected
    first: a correction brings its fact-check back to the top."""
    verdicts = session.scalars(public_verdicts()
                               .order_by(_last_change().desc(), Verdict.id.desc())
                               .limit(limit)).all()
    return fact_checks(session, verdicts)


def every_published(session: DbSession, *, end_read: Callable[[], None],
                    batch_size: int = BATCH_SIZE) -> Iterator[FactCheck]:
    """Every published fact-check in claim order, read a batch at a time
    (three statements per batch) so memory never depends on the archive's
    size. ``end_read`` ends each batch's short read transaction, as for the
    exports: the caller owns the transaction."""
    after = 0
    while True:
        verdicts = session.scalars(public_verdicts().where(Verdict.claim_id > after)
                                   .order_by(Verdict.claim_id).limit(batch_size)).all()
        if not verdicts:
            end_read()
            return
        batch = fact_checks(session, verdicts)
        after = verdicts[-1].claim_id
        end_read()
        yield from batch
