"""factcheck export: every format to a file, audited, nothing half-written."""

from __future__ import annotations

import csv
import json
import sys

import pytest
import sqlalchemy as sa

from factcheck.models.audit import AuditEvent
from tests.support.verdicts import published_claim

EVIL = "=HYPERLINK(\"https://evil.example\",\"Port figures\")"


@pytest.fixture
def claim(session, editor):
    return published_claim(session, editor.id, EVIL, title="Grève à Marseille")


def _exports(session):
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "export_created")
                           .order_by(AuditEvent.seq)).all()


def test_csv_with_bom(runner, session, claim, tmp_path):
    out = tmp_path / "verdicts.csv"
    result = runner.invoke(args=["export", "--format", "csv", "--bom", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Exported 1 rows" in result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert row["claim"] == "'" + EVIL
    (event,) = _exports(session)
    assert event.actor.startswith("cli:") and json.loads(event.after)["format"] == "csv"


def test_jsonl_with_filters(runner, session, claim, tmp_path):
    out = tmp_path / "verdicts.jsonl"
    result = runner.invoke(args=["export", "--format", "jsonl", "--rating", "false",
                                 "--source", "Reuters", "--from", "2025-03-01",
                                 "--article", str(claim.article_id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["claim"] == EVIL  # JSON is not a spreadsheet: kept verbatim
    filters = json.loads(_exports(session)[0].after)["filters"]
    assert filters["source"] == "Reuters" and filters["date_from"] == "2025-03-01"
    none = runner.invoke(args=["export", "--format", "jsonl", "--rating", "true",
                               "--out", str(out)])
    assert none.exit_code == 0 and out.read_text() == ""


def test_claimreview(runner, claim, tmp_path):
    out = tmp_path / "claimreview.jsonld"
    result = runner.invoke(args=["export", "--format", "claimreview", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (review,) = json.loads(out.read_text(encoding="utf-8"))["@graph"]
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == EVIL
    assert review["reviewRating"]["alternateName"] == "False"


def test_markdown_report(runner, claim, tmp_path):
    out = tmp_path / "report.md"
    result = runner.invoke(args=["export", "--format", "md", "--article", str(claim.article_id),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Verdict report: Grève à Marseille")
    assert "**False**" in text


def test_pdf_report(runner, claim, tmp_path):
    pytest.importorskip("weasyprint", reason="optional extra: pip install 'factcheck[pdf]'")
    out = tmp_path / "report.pdf"
    result = runner.invoke(args=["export", "--format", "pdf", "--article",
                                 str(claim.article_id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_pdf_without_weasyprint_says_so_and_writes_nothing(runner, session, claim, tmp_path,
                                                          monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    out = tmp_path / "report.pdf"
    result = runner.invoke(args=["export", "--format", "pdf", "--article",
                                 str(claim.article_id), "--out", str(out)])
    assert result.exit_code == 1
    assert "WeasyPrint" in result.output and "HTML report" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert _exports(session) == []


def test_report_needs_an_article_and_unknown_ones_fail_cleanly(runner, tmp_path):
    out = tmp_path / "report.md"
    assert runner.invoke(args=["export", "--format", "md", "--out", str(out)]).exit_code == 2
    missing = runner.invoke(args=["export", "--format", "md", "--article", "999999",
                                  "--out", str(out)])
    assert missing.exit_code == 1 and "No such article" in missing.output
    assert not out.exists()
