"""One public fact-check: the verdict as published, its evidence and its
dated corrections; or, for a verdict taken back, why it is gone."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from factcheck.domain.bounds import id_in_range
from factcheck.models.correction import CorrectionKind
from factcheck.models.review import Evidence, Review
from factcheck.models.verdict import Verdict
from factcheck.services.core.errors import NotFound, ServiceError
from factcheck.services.core.session import DbSession
from factcheck.services.publication.records import (
    CorrectionEntry,
    FactCheck,
    PublicEvidence,
    corrections_of,
    fact_check,
    first_published,
    public_verdicts,
)

NOT_PUBLISHED = "There is no published fact-check at this address."


class Withdrawn(ServiceError):
    """The fact-check was public and has been taken back (reopened): the
    address stays answered, with the dated note readers are owed."""

    status_code = 410

    def __init__(self, corrections: tuple[CorrectionEntry, ...]) -> None:
        super().__init__("This fact-check was withdrawn.")
        self.corrections = corrections

    @property
    def withdrawn_on(self) -> datetime | None:
        taken_back = [c.created_at for c in self.corrections
                      if c.kind is CorrectionKind.REOPENED]
        return max(taken_back, default=None)


def evidence_of(session: DbSession, claim_id: int) -> tuple[PublicEvidence, ...]:
    """The evidence behind the verdict: what each item is and where, from
    submitted reviews, each once. Who found it and their notes stay inside."""
    rows = session.execute(
        sa.select(Evidence.url, Evidence.title, Evidence.stance)
        .join(Review, Review.id == Evidence.review_id)
        .where(Review.claim_id == claim_id, Review.submitted_at.is_not(None))
        .order_by(Review.id, Evidence.position, Evidence.id)).all()
    seen: set[tuple[str, str]] = set()
    found = []
    for url, title, stance in rows:
        key = (url.strip(), title.strip())
        if key != ("", "") and key not in seen:
            seen.add(key)
            found.append(PublicEvidence(*key, stance))
    return tuple(found)


def published_fact_check(session: DbSession, claim_id: int) -> FactCheck:
    """The fact-check at /fact-checks/<claim_id>. Raises ``Withdrawn`` for
    one that was public and was reopened, ``NotFound`` for anything else
    that is not public (a draft, an approved but unpublished verdict)."""
    if not id_in_range(claim_id):
        raise NotFound(NOT_PUBLISHED)
    verdict = session.scalar(public_verdicts(session).where(Verdict.claim_id == claim_id))
    if verdict is None:
        _refuse(session, claim_id)
    assert verdict is not None
    corrections = corrections_of(session, [claim_id]).get(claim_id, ())
    return fact_check(verdict, first_published(session, [claim_id]).get(claim_id),
                      corrections, evidence_of(session, claim_id))


def _refuse(session: DbSession, claim_id: int) -> None:
    was_public = session.scalar(sa.select(sa.func.count()).select_from(Verdict).where(
        Verdict.claim_id == claim_id, Verdict.published_at.is_not(None)))
    if was_public:
        raise Withdrawn(corrections_of(session, [claim_id]).get(claim_id, ()))
    raise NotFound(NOT_PUBLISHED)
