"""The application's own jobs, run as a worker runs them, and run twice to
show a second run does nothing twice: importing an address, fetching a
judged article again, and re-extracting chains as proposals that never
touch the chains people made."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from factcheck.config import settings_of
from factcheck.domain.jobs import JobKind
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution
from factcheck.models.job import ChainProposal
from factcheck.services.core.actors import SystemActor
from factcheck.services.jobs import PermanentFailure, RetryLater, builtin, enqueue
from factcheck.services.jobs.handlers import JobContext
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.page_server import serving

PAGE = (b"<!doctype html><html><head><title>Ferry fares frozen | Harbour Times</title></head>"
        b"<body><article><h1>Ferry fares frozen</h1>"
        b"<p>Ferry fares will stay at 4 euros until 2027, the transport minister said on "
        b"Monday.</p><p>The freeze costs about 2 million euros a year, according to a "
        b"ministry memo.</p></article></body></html>")


@pytest.fixture
def page_server() -> Iterator[str]:
    with serving({"/ferry": PAGE}) as base:
        yield base


def _context(app, session, actor, payload, tmp_path: Path, job_id: int = 1,
             **settings) -> JobContext:
    return JobContext(session=session, actor=actor, job_id=job_id, attempt=1, payload=payload,
                      settings=dataclasses.replace(settings_of(app.config), **settings),
                      files=tmp_path, now=datetime.now(UTC))


def test_importing_an_address_twice_adds_one_article(app, session, checker, page_server,
                                                     tmp_path):
    actor = acting(session, checker)
    context = _context(app, session, actor, {"url": f"{page_server}/ferry",
                                             "outlet": "Harbour Times"},
                       tmp_path, fetch_allow_private=True)
    first = builtin.import_url(context)
    again = builtin.import_url(context)
    assert first["created"] and not again["created"]
    assert first["article_id"] == again["article_id"]
    article = session.get(Article, first["article_id"])
    assert article.title == "Ferry fares frozen" and len(article.claims) >= 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 1


def test_an_address_that_fails_is_retried_and_a_refused_one_is_not(app, session, checker,
                                                                   page_server, tmp_path):
    actor = acting(session, checker)
    with pytest.raises(RetryLater):  # the page is gone (for now)
        builtin.import_url(_context(app, session, actor, {"url": f"{page_server}/missing"},
                                    tmp_path, fetch_allow_private=True))
    with pytest.raises(PermanentFailure):
        builtin.import_url(_context(app, session, actor, {}, tmp_path))


def test_reextraction_proposes_chains_and_never_touches_people_s_chains(app, session, editor,
                                                                       tmp_path):
    actor = acting(session, editor)
    article = save_article(session, actor, PORT_REOPENS).article
    claims = sorted(article.claims, key=lambda claim: claim.start)
    assert claims[0].attributions, "the extractor finds the operator as a source"
    # A person removed the first claim's chain (they judged it wrong).
    for attribution in list(claims[0].attributions):
        session.delete(attribution)
    session.commit()
    chains_before = session.scalar(sa.select(sa.func.count()).select_from(Attribution))

    payload = {"article_id": article.id, "extractor": "v2"}
    job = enqueue(session, actor, JobKind.REEXTRACT, payload, "reextract test")
    context = _context(app, session, SystemActor(label="job"), payload, tmp_path, job.id)
    done = builtin.reextract(context)
    session.commit()
    proposals = session.scalars(sa.select(ChainProposal)).all()
    # Only where the extractor's chains differ from the claim's own.
    assert [proposal.claim_id for proposal in proposals] == [claims[0].id]
    assert json.loads(proposals[0].chains) and proposals[0].extractor == "v2"
    assert done["proposals"] == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Attribution)) == chains_before

    assert builtin.reextract(context)["proposals"] == 0  # a second run adds nothing
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(ChainProposal)) == 1


def test_reextraction_of_a_deleted_article_fails_for_good(app, session, tmp_path):
    with pytest.raises(PermanentFailure):
        builtin.reextract(_context(app, session, SystemActor(label="job"),
                                   {"article_id": 10**6}, tmp_path))


def test_the_extractor_fingerprint_is_stable():
    assert builtin.extractor_fingerprint() == builtin.extractor_fingerprint()
    assert len(builtin.extractor_fingerprint()) == 16


def test_fetching_again_retries_a_page_that_is_down_and_drops_a_lost_address(
        app, session, editor, tmp_path):
    actor = acting(session, editor)
    with serving({}) as base:  # every page answers 404
        article = save_article(session, actor, PORT_REOPENS, url=f"{base}/port").article
        context = _context(app, session, actor, {"article_id": article.id}, tmp_path,
                           fetch_allow_private=True, revisions_host_interval=0.0)
        with pytest.raises(RetryLater):
            builtin.refetch_article(context)
    pasted = save_article(session, actor, PORT_REOPENS.replace("Friday", "Sunday")).article
    with pytest.raises(PermanentFailure):  # nothing to fetch: retrying cannot help
        builtin.refetch_article(_context(app, session, actor, {"article_id": pasted.id},
                                         tmp_path))
