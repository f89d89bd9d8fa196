"""Claim matching on the pages: the import page, suggestions on the article
and review pages, and the reviewer's "same claim as" link."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.jobs import JobKind
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.external_verdict import ExternalVerdict
from factcheck.models.job import Job
from factcheck.models.review import Evidence
from factcheck.services.matching.claimreview_import import import_bytes
from factcheck.worker.runner import Outcome, run_job
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.verdicts import make_article

FERRIES = "Ferries will stop running on Sundays from May"


def _upload(client, raw: bytes, name: str = "feed.json"):
    return client.post("/admin/claimreview", data={"upload": (io.BytesIO(raw), name)},
                       content_type="multipart/form-data")


def test_an_editor_imports_a_file_and_sees_the_report(client, login, editor, session):
    login(editor)
    feed = json.dumps([review(1), review(2, url="ftp://nowhere.example/x"),
                       review(3, claimReviewed="<script>alert(1)</script>Fares rose")])
    response = _upload(client, feed.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 new, 0 updated, 0 unchanged, 1 skipped" in page
    assert "<code>[1]</code>" in page and "http(s)" in page
    assert "<script>alert" not in page
    assert session.scalar(sa.select(sa.func.count()).select_from(ExternalVerdict)) == 2


def test_an_unreadable_upload_is_refused_whole(client, login, admin, session):
    login(admin)
    response = _upload(client, b"{ not json")
    assert response.status_code == 400
    assert "not valid JSON" in response.get_data(as_text=True)
    assert "Nothing was imported" in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(ExternalVerdict)) == 0


def test_checkers_cannot_reach_the_import_page(client, login, checker):
    login(checker)
    assert client.get("/admin/claimreview").status_code == 403
    assert _upload(client, json.dumps([review(1)]).encode()).status_code == 403


def _checked_elsewhere(session) -> None:
    import_bytes(session, SYSTEM, json.dumps([
        review(1, claimReviewed=FERRIES, headline=""),
        review(2, claimReviewed="The stadium cost the city 400 million euros", headline=""),
    ]).encode(), "checked.json")
    session.commit()


def test_the_review_page_suggests_and_a_link_becomes_evidence_shown_to_the_editor(
        client, login, editor, session):
    _checked_elsewhere(session)
    _, (claim,) = make_article(session, editor.id, ["Ferries will stop running on Sundays "
                                                    "from May, the operator said"])
    login(editor)
    page = client.get(f"/claims/{claim.id}/review").get_data(as_text=True)
    assert "Already checked?" in page and "Likely the same claim" in page
    assert "https://checkers.example/reviews/1" in page
    assert "stadium" not in page
    external = session.scalar(sa.select(ExternalVerdict).where(
        ExternalVerdict.review_url == "https://checkers.example/reviews/1"))
    assert external is not None
    response = client.post(f"/claims/{claim.id}/same-claim",
                           data={"target": f"theirs:{external.id}", "stance": "refutes"})
    assert response.status_code == 302
    evidence = session.scalar(sa.select(Evidence))
    assert evidence is not None and evidence.url == external.review_url
    assert evidence.stance.value == "refutes" and evidence.title.startswith("Same claim as: ")
    assert session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.action == AuditAction.SAME_CLAIM_LINKED.value)) is not None
    session.expire_all()
    assert session.get(type(claim), claim.id).current_verdict is None  # no verdict set
    page = client.get(f"/claims/{claim.id}/review").get_data(as_text=True)
    assert "Reviewers linked this to published verdicts" in page
    again = client.post(f"/claims/{claim.id}/same-claim",
                        data={"target": f"theirs:{external.id}", "stance": "refutes"},
                        follow_redirects=True)
    assert "already linked" in again.get_data(as_text=True)


def test_a_link_to_nothing_or_on_a_decided_claim_is_refused(client, login, checker, session):
    _checked_elsewhere(session)
    _, (claim,) = make_article(session, checker.id, ["Tram fares fell by half"])
    login(checker)
    missing = client.post(f"/claims/{claim.id}/same-claim",
                          data={"target": "theirs:999999", "stance": "context"},
                          follow_redirects=True)
    assert "No such published verdict" in missing.get_data(as_text=True)
    claim.status = ClaimStatus.PUBLISHED
    session.commit()
    external_id = session.scalar(sa.select(ExternalVerdict.id).limit(1))
    decided = client.post(f"/claims/{claim.id}/same-claim",
                          data={"target": f"theirs:{external_id}", "stance": "context"},
                          follow_redirects=True)
    assert "has been decided" in decided.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0


def test_the_article_page_marks_claims_checked_elsewhere(client, login, checker, session):
    _checked_elsewhere(session)
    article, (first, _second) = make_article(session, checker.id, [
        FERRIES, "Lighthouse keepers earn more than judges"])
    login(checker)
    page = client.get(f"/articles/{article.id}?claim={first.id}").get_data(as_text=True)
    assert page.count("Likely already checked") == 1
    assert "Coastal Checkers" in page


def test_a_saved_article_says_matching_is_in_progress_until_the_job_ran(
        app, client, login, editor, session):
    _checked_elsewhere(session)
    login(editor)
    saved = client.post("/articles/new", data={
        "action": "save", "title": "Ferry timetable",
        "text": "Ferries will stop running on Sundays from May, the operator said. "
                "The harbour master told reporters that parking downtown is free at night."},
        content_type="multipart/form-data")
    assert saved.status_code == 302
    article_id = int(saved.headers["Location"].rstrip("/").rsplit("/", 1)[1].split("?")[0])
    claim = session.scalar(sa.select(Claim).where(Claim.article_id == article_id,
                                                  Claim.text.contains("Ferries")))
    assert claim is not None
    page = client.get(f"/articles/{article_id}?claim={claim.id}").get_data(as_text=True)
    assert "against published verdicts is in progress" in page
    # Not presented as "none found" while the job has not run.
    assert "No published verdict on a similar claim" not in page
    assert "Likely already checked" not in page
    review_page = client.get(f"/claims/{claim.id}/review").get_data(as_text=True)
    assert "in progress" in review_page and "Coastal Checkers" not in review_page

    (job_id,) = session.scalars(sa.select(Job.id).where(Job.kind == JobKind.CLAIM_MATCHING))
    assert run_job(app, job_id) is Outcome.SUCCEEDED
    page = client.get(f"/articles/{article_id}?claim={claim.id}").get_data(as_text=True)
    assert "in progress" not in page
    assert "Likely already checked" in page and "Coastal Checkers" in page
