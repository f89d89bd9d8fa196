"""Exports and reports on the web: who may, what arrives, what is audited."""

from __future__ import annotations

import csv
import html
import io
import json
import sys
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from factcheck.models.audit import AuditEvent
from tests.support.verdicts import published_claim

EVIL = '=HYPERLINK("https://evil.example","Port figures")'


def _last_event(session):
    return session.scalar(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))


def test_editor_downloads_a_safe_csv_as_an_attachment(client, login, editor, session):
    published_claim(session, editor.id, EVIL)
    login(editor)
    assert client.get("/exports").status_code == 200
    response = client.post("/exports", data={"format": "csv", "status": "published",
                                             "bom": "y"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="factcheck-verdicts-')
    assert "filename*=UTF-8''factcheck-verdicts-" in disposition
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert row["claim"] == "'" + EVIL
    event = _last_event(session)
    assert event.action == "export_created" and event.actor == editor.email
    assert json.loads(event.after)["filters"]["status"] == "published"


def test_claimreview_download(client, login, editor, session):
    published_claim(session, editor.id, "Cargo fell by half")
    login(editor)
    response = client.post("/exports", data={"format": "claimreview", "status": ""})
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    (review,) = json.loads(response.get_data(as_text=True))["@graph"]
    assert review["claimReviewed"] == "Cargo fell by half"
    assert review["author"]["name"] == "Factcheck Desk"


def test_checker_gets_403_and_nothing_is_exported(client, login, checker, session):
    published_claim(session, checker.id, "Cargo fell by half")
    login(checker)
    assert client.get("/exports").status_code == 403
    response = client.post("/exports", data={"format": "csv"})
    assert response.status_code == 403
    assert "Cargo" not in response.get_data(as_text=True)
    assert _last_event(session).action != "export_created"


def test_bad_filters_are_a_400_with_the_reason(client, login, editor, session):
    login(editor)
    unknown = client.post("/exports", data={"format": "csv", "source": "Nobody Weekly"})
    assert unknown.status_code == 400
    assert "No source called" in unknown.get_data(as_text=True)
    reversed_dates = client.post("/exports", data={"format": "csv", "date_from": "2025-05-01",
                                                   "date_to": "2025-04-01"})
    assert reversed_dates.status_code == 400
    assert "start date is after the end date" in reversed_dates.get_data(as_text=True)
    assert client.post("/exports", data={"format": "xlsx"}).status_code == 400
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "export_created")) == 0


def test_article_report_page_and_markdown_download(client, login, editor, session):
    claim = published_claim(session, editor.id, "Cargo fell by half",
                            title="Grève à Marseille")
    login(editor)
    page = client.get(f"/articles/{claim.article_id}/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Cargo fell by half" in html and "Port Authority spokesperson" in html
    assert "Port records show the opposite." in html
    markdown = client.post(f"/articles/{claim.article_id}/report.md")
    assert markdown.status_code == 200
    disposition = markdown.headers["Content-Disposition"]
    assert f'filename="verdict-report-{claim.article_id}-greve-a-marseille.md"' in disposition
    assert unquote(disposition.split("''", 1)[1]) == (
        f"verdict-report-{claim.article_id}-grève-à-marseille.md")
    assert "**False**" in markdown.get_data(as_text=True)
    assert json.loads(_last_event(session).after)["format"] == "md"


def test_without_the_pdf_extra_the_pages_say_how_to_enable_it_and_nothing_fails(
        client, login, editor, session, monkeypatch):
    claim = published_claim(session, editor.id, "Cargo fell by half", title="Port figures")
    login(editor)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the extra is missing
    report = _page(client, f"/articles/{claim.article_id}/report")
    assert "Download PDF" not in report
    assert "pip install 'factcheck[pdf]'" in report and "Save as PDF" in report
    assert "pip install 'factcheck[pdf]'" in _page(client, "/exports")
    # A page loaded before the extra went away: back to the report, with the reason.
    stale = client.post(f"/articles/{claim.article_id}/report.pdf")
    assert stale.status_code == 302
    assert stale.headers["Location"].endswith(f"/articles/{claim.article_id}/report")
    again = _page(client, stale.headers["Location"])
    assert again.count("pip install 'factcheck[pdf]'") == 2  # the flash and the note
    assert _exports_of(session, "pdf") == 0


def test_with_the_pdf_extra_the_report_offers_the_download(client, login, editor, session):
    pytest.importorskip("weasyprint", reason="optional extra: pip install 'factcheck[pdf]'")
    claim = published_claim(session, editor.id, "Cargo fell by half", title="Port figures")
    login(editor)
    report = client.get(f"/articles/{claim.article_id}/report").get_data(as_text=True)
    assert "Download PDF" in report and "pip install" not in report


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _exports_of(session, kind: str) -> int:
    events = session.scalars(sa.select(AuditEvent.after).where(
        AuditEvent.action == "export_created")).all()
    return sum(1 for after in events if json.loads(after or "{}").get("format") == kind)


def test_article_report_is_for_editors(client, login, checker, session):
    claim = published_claim(session, checker.id, "Cargo fell by half")
    login(checker)
    assert client.get(f"/articles/{claim.article_id}/report").status_code == 403
    assert client.post(f"/articles/{claim.article_id}/report.pdf").status_code == 403


def test_missing_article_report_is_404(client, login, editor):
    login(editor)
    assert client.get("/articles/999999/report").status_code == 404
    assert client.post("/articles/999999/report.md").status_code == 404
