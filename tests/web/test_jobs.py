"""Jobs on the web: an editor asks for a large article's PDF and downloads
it when the worker is done; admins see the queue by state, with errors, and
send a failed job back (audited). The status page's statements do not grow
with the number of jobs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.models.audit import AuditEvent
from factcheck.models.job import Job
from factcheck.services.core.actors import SystemActor
from factcheck.services.exports.pdf import pdf_available
from factcheck.services.jobs import enqueue, ledger
from factcheck.worker.runner import Outcome, run_job
from tests.support.querycount import statements_for
from tests.support.verdicts import published_claim

SYSTEM = SystemActor(label="cli:test")
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _failed(session, key: str, error: str) -> Job:
    job = enqueue(session, SYSTEM, JobKind.URL_IMPORT, {"url": "https://x.example/"}, key,
                  max_attempts=1, now=T0)
    ledger.claim(session, job.id, T0, 60)
    ledger.fail(session, job.id, 1, T0 + timedelta(seconds=1), error, permanent=False,
                policy=ledger.RetryPolicy())
    return job


def _queued(session, count: int) -> list[Job]:
    return [enqueue(session, SYSTEM, JobKind.REEXTRACT, {"article_id": n}, f"re {n}", now=T0)
            for n in range(count)]


@pytest.mark.skipif(not pdf_available(), reason="PDF needs WeasyPrint and Pango")
def test_an_editor_gets_the_pdf_when_the_worker_is_done(app, client, login, editor, session):
    claim = published_claim(session, editor.id, "The port handled 9m tonnes.")
    session.commit()
    login(editor)
    report = client.get(f"/articles/{claim.article_id}/report").get_data(as_text=True)
    assert "Make the PDF in the background" in report
    asked = client.post(f"/articles/{claim.article_id}/report.pdf/job")
    assert asked.status_code == 302
    job_url = asked.headers["Location"]
    # Asking again while it waits is the same job.
    assert client.post(f"/articles/{claim.article_id}/report.pdf/job").headers[
        "Location"] == job_url
    waiting = client.get(job_url).get_data(as_text=True)
    assert "Queued" in waiting and "Download the PDF" not in waiting
    job_id = int(job_url.rstrip("/").rsplit("/", 1)[1])
    assert client.get(f"/jobs/{job_id}/download").status_code == 404

    assert run_job(app, job_id) is Outcome.SUCCEEDED
    ready = client.get(job_url).get_data(as_text=True)
    assert "Succeeded" in ready and "Download the PDF" in ready
    pdf = client.get(f"/jobs/{job_id}/download")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert "verdict-report-" in pdf.headers["Content-Disposition"]
    pdf.close()  # the file is sent straight from disk
    exported = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.EXPORT_CREATED)).all()
    assert len(exported) == 1 and exported[0].actor == editor.email


def test_someone_else_s_job_is_not_there(app, client, login, editor, make_user, session):
    job = enqueue(session, editor, JobKind.REPORT_PDF, {"article_id": 1}, "editor's")
    session.commit()
    other = make_user(email="other.editor@example.org", role="editor")
    login(other)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/download").status_code == 404


def test_admins_see_the_queue_by_state_and_retry_failed_jobs(client, login, admin, session):
    failed = _failed(session, "broken", "ValidationFailed: The page is not an article.")
    _queued(session, 2)
    session.commit()
    login(admin)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "Failed: 1" in page and "Queued: 2" in page and "Succeeded: 0" in page
    assert "The page is not an article." in page and "Retry<span" in page
    queued = client.get("/admin/jobs?status=queued").get_data(as_text=True)
    assert "Re-extraction" in queued and "The page is not an article." not in queued

    response = client.post(f"/admin/jobs/{failed.id}/retry")
    assert response.status_code == 302
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Job #{failed.id} is queued again." in after and "Failed: 0" in after
    session.expire_all()
    assert session.get(Job, failed.id).status is JobStatus.QUEUED
    event = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.JOB_RETRIED)).one()
    assert event.actor == admin.email and event.entity_id == str(failed.id)
    # Only a failed job can be retried; the page says why.
    again = client.post(f"/admin/jobs/{failed.id}/retry", follow_redirects=True)
    assert "only a failed job can be retried" in again.get_data(as_text=True)


def test_the_status_page_reads_the_same_statements_however_many_jobs(app, client, login,
                                                                      admin, session):
    _failed(session, "one", "boom")
    _queued(session, 1)
    session.commit()
    login(admin)
    urls = ["/admin/jobs", "/admin/jobs?status=queued"]
    before = [statements_for(app, client, url) for url in urls]
    for n in range(60):
        _failed(session, f"many {n}", f"boom {n}")
    _queued(session, 80)
    session.commit()
    after = [statements_for(app, client, url) for url in urls]
    assert after == before
    second = client.get("/admin/jobs?status=failed&page=2").get_data(as_text=True)
    assert "Page 2" in second and "boom 0" in second


def test_a_page_fetched_in_the_background_shows_its_progress(app, client, login, checker,
                                                             session, monkeypatch):
    from dataclasses import replace

    from factcheck.config import SETTINGS_KEY, settings_of
    from tests.support.articles import PORT_REOPENS
    from tests.support.page_server import serving

    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        replace(settings_of(app.config), fetch_allow_private=True))
    login(checker)
    assert "Fetch the page in the background" in client.get("/articles/new").get_data(
        as_text=True)
    empty = client.post("/articles/new", data={"action": "background"})
    assert empty.status_code == 400
    assert "Give the page&#39;s address" in empty.get_data(as_text=True)
    with serving({"/port": PORT_REOPENS.encode()},
                 content_type="text/plain; charset=utf-8") as base:
        asked = client.post("/articles/new", data={"action": "background",
                                                   "fetch_url": f"{base}/port",
                                                   "outlet": "Harbour Times"})
        assert asked.status_code == 302
        job_url = asked.headers["Location"]
        waiting = client.get(job_url).get_data(as_text=True)
        assert "being fetched in the background" in waiting and "Queued" in waiting
        job_id = int(job_url.rstrip("/").rsplit("/", 1)[1])
        assert run_job(app, job_id) is Outcome.SUCCEEDED
    done = client.get(job_url).get_data(as_text=True)
    assert "Succeeded" in done and "Open the article" in done
    article_id = session.get(Job, job_id).result_data()["article_id"]
    assert client.get(f"/articles/{article_id}").status_code == 200


def test_chains_a_newer_extractor_proposes_are_shown_beside_the_claim_s(client, login, editor,
                                                                      session):
    import json

    from factcheck.models.job import ChainProposal

    claim = published_claim(session, editor.id, "Exports fell by a third.")
    session.add(ChainProposal(claim_id=claim.id, extractor="v2",
                              chains=json.dumps([["Harbour Times", "Port Authority"]])))
    session.commit()
    login(editor)
    page = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    assert "Sources a newer extractor found (proposed, not applied)" in page
    assert "Harbour Times › Port Authority" in page
