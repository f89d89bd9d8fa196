"""The job commands: ``revisions check --enqueue`` and ``reextract`` queue one
job per article (and asking again queues nothing twice), ``jobs import-url``
refuses what is not an address, and the queued jobs do their work when a
worker runs them."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from factcheck.config import SETTINGS_KEY, settings_of
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.domain.ratings import TruthRating
from factcheck.models.job import Job
from factcheck.models.revision import ArticleRevision
from factcheck.worker.runner import Outcome, run_job
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.page_server import serving
from tests.support.verdicts import publish


@pytest.fixture
def private_fetches(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        replace(settings_of(app.config), fetch_allow_private=True,
                                revisions_host_interval=0.0))


def _jobs(session, kind: JobKind) -> list[Job]:
    session.expire_all()
    return list(session.scalars(sa.select(Job).where(Job.kind == kind).order_by(Job.id)))


def test_revisions_check_enqueue_queues_each_judged_article_once(app, runner, session, editor,
                                                                  private_fetches):
    changed = PORT_REOPENS.replace("$3 million", "$4 million").encode()
    with serving({"/port": changed}, content_type="text/plain; charset=utf-8") as base:
        article = save_article(session, acting(session, editor), PORT_REOPENS,
                               url=f"{base}/port").article
        publish(session, article.claims[0], editor.id, TruthRating.FALSE)
        session.commit()
        first = runner.invoke(args=["revisions", "check", "--enqueue"])
        again = runner.invoke(args=["revisions", "check", "--enqueue"])
        assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
        assert "Queued 1 articles to fetch again" in first.output
        (job,) = _jobs(session, JobKind.ARTICLE_REFETCH)  # the second run added none
        assert job.payload_data() == {"article_id": article.id}
        assert run_job(app, job.id) is Outcome.SUCCEEDED
    session.expire_all()
    done = session.get(Job, job.id)
    assert done.status is JobStatus.SUCCEEDED and done.result_data()["result"] == "revised"
    assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRevision)) == 2


def test_reextract_queues_one_job_per_article_per_extractor(runner, session, editor):
    articles = [save_article(session, acting(session, editor), text).article
                for text in (PORT_REOPENS, PORT_REOPENS.replace("Friday", "Monday"))]
    first = runner.invoke(args=["reextract"])
    assert first.exit_code == 0, first.output
    assert "2 articles, 2 jobs queued" in first.output
    again = runner.invoke(args=["reextract"])
    assert "2 articles, 0 jobs queued" in again.output
    jobs = _jobs(session, JobKind.REEXTRACT)
    assert [job.payload_data()["article_id"] for job in jobs] == [a.id for a in articles]
    missing = runner.invoke(args=["reextract", "999999"])
    assert missing.exit_code != 0 and "No such article: #999999" in missing.output


def test_import_url_queues_addresses_and_refuses_the_rest(runner, session):
    result = runner.invoke(args=["jobs", "import-url", "https://news.example/a",
                                 "not an address"])
    assert result.exit_code == 1
    assert "https://news.example/a: job " in result.output
    assert "not an address: " in result.output
    (job,) = _jobs(session, JobKind.URL_IMPORT)
    assert job.payload_data()["url"] == "https://news.example/a"
    again = runner.invoke(args=["jobs", "import-url", "https://news.example/a"])
    assert f"job {job.id} (queued)" in again.output


def test_worker_offers_its_options(runner):
    result = runner.invoke(args=["worker", "--help"])
    assert result.exit_code == 0
    assert "--workers" in result.output and "--worker-type" in result.output


def _old_report_job(app, session, days_ago: float) -> tuple[int, str]:
    from datetime import timedelta

    from factcheck.models.types import utcnow
    from factcheck.services.core.actors import SystemActor
    from factcheck.services.jobs import enqueue, ledger
    from factcheck.services.jobs.handlers import files_folder

    when = utcnow() - timedelta(days=days_ago)
    job = enqueue(session, SystemActor("test"), JobKind.REPORT_PDF, {"article_id": 1},
                  f"report-{days_ago}", now=when)
    ledger.claim(session, job.id, when, 60.0)
    name = f"report-{job.id}.pdf"
    ledger.succeed(session, job.id, 1, when, {"file": name})
    session.commit()
    (files_folder(app.instance_path) / name).write_bytes(b"%PDF-1.7")
    return job.id, name


def test_jobs_prune_forgets_old_finished_jobs_and_their_files(app, runner, session):
    from factcheck.services.jobs.handlers import files_folder

    old_id, old_file = _old_report_job(app, session, days_ago=45)
    new_id, new_file = _old_report_job(app, session, days_ago=2)
    result = runner.invoke(args=["jobs", "prune"])
    assert result.exit_code == 0, result.output
    assert "Forgot 1 finished jobs older than 30 days and removed 1 files." in result.output
    session.expire_all()
    assert session.get(Job, old_id) is None and session.get(Job, new_id) is not None
    folder = files_folder(app.instance_path)
    assert not (folder / old_file).exists() and (folder / new_file).exists()

    shorter = runner.invoke(args=["jobs", "prune", "--keep-days", "1"])
    assert "Forgot 1 finished jobs older than 1 days" in shorter.output
    assert not (folder / new_file).exists()
