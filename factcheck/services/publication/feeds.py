"""What the feeds carry: the most recently changed fact-checks (Atom), and
every published one a batch at a time (the ClaimReview DataFeed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlalchemy as sa

from factcheck.models.claim import Claim
from factcheck.models.correction import Correction
from factcheck.models.verdict import Verdict
from factcheck.services.core.session import DbSession
from factcheck.services.publication.records import (
    FactCheck,
    fact_check_rows,
    fact_checks,
    is_public,
    public_rows,
    public_verdicts,
)

# An Atom feed is a window on the latest changes, not an archive (the
# DataFeed and the paged list carry everything).
ATOM_ENTRIES = 50
BATCH_SIZE = 500


def recent_changes(session: DbSession, limit: int = ATOM_ENTRIES) -> list[FactCheck]:
    """Published fact-checks, the most recently published or corrected
    first: a correction brings its fact-check back to the top.

    The latest ``limit`` are among the latest ``limit`` publications and
    the latest ``limit`` corrections of public claims: two short reads
    through indexes, where ordering every verdict by the later of its two
    dates would read and sort them all."""
    published = session.scalars(public_verdicts(session)
                                .order_by(Verdict.published_at.desc(), Verdict.id.desc())
                                .limit(limit)).all()
    # Corrections are few: grouped first, then each claim looked up.
    latest = (sa.select(Correction.claim_id, sa.func.max(Correction.created_at).label("at"))
              .group_by(Correction.claim_id).subquery())
    corrected_ids = session.scalars(
        sa.select(latest.c.claim_id)
        .join(Verdict, Verdict.claim_id == latest.c.claim_id)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(*is_public(session)).order_by(latest.c.at.desc()).limit(limit)).all()
    seen = {verdict.claim_id for verdict in published}
    missing = [claim_id for claim_id in corrected_ids if claim_id not in seen]
    corrected = (session.scalars(public_verdicts(session)
                                 .where(Verdict.claim_id.in_(missing))).all()
                 if missing else [])
    items = fact_checks(session, [*published, *corrected])
    items.sort(key=lambda item: (item.updated_at, item.claim_id), reverse=True)
    return items[:limit]


def every_published(session: DbSession, *, end_read: Callable[[], None],
                    batch_size: int = BATCH_SIZE) -> Iterator[FactCheck]:
    """Every published fact-check in claim order, read a batch at a time
    (three statements per batch, plain rows, no ORM objects) so memory never
    depends on the archive's size. ``end_read`` ends each batch's short
    read transaction, as for the exports: the caller owns the transaction."""
    after = 0
    query = public_rows(session)
    while True:
        rows = session.execute(query.where(Verdict.claim_id > after)
                               .order_by(Verdict.claim_id).limit(batch_size)).all()
        if not rows:
            end_read()
            return
        batch = fact_check_rows(session, rows)
        after = rows[-1][0]
        end_read()
        yield from batch
