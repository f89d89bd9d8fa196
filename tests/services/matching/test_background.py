"""Claim matching in a job: saving an article enqueues it in the same
transaction, the pages say matching is in progress until it has run, a
second run changes nothing, and asking again while it waits is the same job."""

from __future__ import annotations

import json

import sqlalchemy as sa

from factcheck.domain.claims import ClaimKind
from factcheck.domain.extraction.model import ExtractedClaim, Extraction, Metadata
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.models.claim_match import ClaimMatch, ClaimMatchFigure, ClaimMatchTerm
from factcheck.models.job import Job
from factcheck.services.intake.articles import create_article
from factcheck.services.intake.text_input import Draft
from factcheck.services.jobs import ledger
from factcheck.services.matching.background import request_matching
from factcheck.services.matching.claimreview_import import import_bytes
from factcheck.services.matching.search import Thresholds
from factcheck.services.matching.suggestions import article_suggestions
from factcheck.worker.runner import Outcome, run_job
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.workflow import acting

SHOWN = Thresholds(similar=0.1, likely_same=0.6)
FERRIES = "Ferries will stop running on Sundays from May"


def _article(session, editor, text: str):
    sentences = [part.strip() + "." for part in text.split(".") if part.strip()]
    claims, start = [], 0
    for sentence in sentences:
        start = text.index(sentence, start)
        claims.append(ExtractedClaim(text=sentence, start=start, end=start + len(sentence),
                                     kind=ClaimKind.FACTUAL, checkworthiness=0.5))
    extraction = Extraction(metadata=Metadata(), blocks=(), text=text, claims=tuple(claims))
    saved = create_article(session, acting(session, editor), Draft(text=text, title="Ferries"),
                           extraction)
    session.commit()
    return saved.article


def _jobs(session) -> list[Job]:
    return list(session.scalars(sa.select(Job).where(Job.kind == JobKind.CLAIM_MATCHING)
                                .order_by(Job.id)))


def _stored(session) -> list[tuple]:
    return [tuple(row) for model in (ClaimMatch, ClaimMatchFigure, ClaimMatchTerm)
            for row in session.execute(sa.select(model.__table__)).all()]


def _shown(session, article):
    found = article_suggestions(SYSTEM, session, article.id,
                                [(c.id, c.text) for c in article.claims], thresholds=SHOWN)
    return ({claim_id: [item.claim_text for item in items]
             for claim_id, items in found.found.items()}, found.in_progress)


def test_saving_an_article_leaves_matching_to_a_job_and_pages_say_so_until_it_ran(
        app, session, editor):
    import_bytes(session, SYSTEM, json.dumps(
        [review(1, claimReviewed=FERRIES, headline="")]).encode(), "checked.json")
    session.commit()
    article = _article(session, editor, "Ferries stop running on Sundays in May. "
                                        "Parking downtown is free at night.")
    ferries, parking = article.claims
    (job,) = _jobs(session)
    assert job.status is JobStatus.QUEUED and job.payload_data() == {"article_id": article.id}
    assert session.scalar(sa.select(sa.func.count()).select_from(ClaimMatchFigure)) == 0
    # Not "none found": nothing is shown for them yet, and the page is told why.
    assert _shown(session, article) == ({}, {ferries.id, parking.id})

    assert run_job(app, job.id) is Outcome.SUCCEEDED
    session.expire_all()
    assert _shown(session, article) == ({ferries.id: [FERRIES], parking.id: []}, frozenset())
    stored = _stored(session)
    assert stored

    # Run again (a retry after a crash, a second worker): the same rows.
    job.status = JobStatus.QUEUED
    session.commit()
    assert run_job(app, job.id) is Outcome.SUCCEEDED
    session.expire_all()
    assert _stored(session) == stored
    assert session.get(Job, job.id).result_data()["matched"] == 0


def test_asking_again_while_the_job_waits_is_the_same_job_but_not_once_it_started(
        session, editor):
    article = _article(session, editor, "Tram fares in the old town fell by half.")
    (first,) = _jobs(session)
    assert request_matching(session, SYSTEM, article.id).id == first.id
    session.commit()
    assert len(_jobs(session)) == 1
    # Once a worker holds it, it may have read the claims before this change.
    ledger.claim(session, first.id, first.run_after, 60)
    session.commit()
    second = request_matching(session, SYSTEM, article.id)
    session.commit()
    assert second.id != first.id and len(_jobs(session)) == 2


def test_an_article_with_nothing_waiting_and_nothing_stored_is_searched_for_on_the_spot(
        app, session, editor):
    import_bytes(session, SYSTEM, json.dumps(
        [review(1, claimReviewed=FERRIES, headline="")]).encode(), "checked.json")
    session.commit()
    article = _article(session, editor, "Ferries stop running on Sundays in May.")
    (job,) = _jobs(session)
    # The job failed for good (or was never there): the page searches itself.
    ledger.claim(session, job.id, job.run_after, 60)
    ledger.fail(session, job.id, 1, job.run_after, "gone", permanent=True,
                policy=ledger.RetryPolicy())
    session.commit()
    (ferries,) = article.claims
    assert _shown(session, article) == ({ferries.id: [FERRIES]}, frozenset())
