"""The article verdict report: counts, chains, evidence, corrections,
Markdown and PDF."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest

from factcheck import STATIC_DIR
from factcheck.domain.ratings import EvidenceStance, TruthRating
from factcheck.domain.sources import SourceKind
from factcheck.models.user import User
from factcheck.services.core.errors import PermissionDenied
from factcheck.services.exports import reports
from factcheck.services.exports.pdf import PdfUnavailable, render_pdf
from tests.support.verdicts import add_chain, add_review, make_article, publish


@pytest.fixture
def report(session, editor, checker):
    _, (cargo, wages, _ferries) = make_article(
        session, editor.id, ["Cargo fell by *half* last year", "Wages rose 3% <b>in March</b>",
                             "Ferries ran on time"], title="Grève à Marseille: the port reopens")
    add_chain(session, cargo, [("Reuters", SourceKind.PUBLICATION),
                               ("Financial Times", SourceKind.PUBLICATION),
                               ("anonymous sources", SourceKind.ANONYMOUS)])
    add_review(session, cargo, checker.id, TruthRating.FALSE,
               [("https://stats.example/cargo", "Port statistics 2024", EvidenceStance.REFUTES)])
    publish(session, cargo, editor.id, TruthRating.HALF_TRUE)
    publish(session, cargo, editor.id, TruthRating.FALSE,
            published_at=datetime(2025, 4, 2, tzinfo=UTC),
            correction="Customs data contradicted the port's estimate.")
    publish(session, wages, editor.id, TruthRating.TRUE, rationale="Payroll data agree.")
    return reports.article_report(session, session.get(User, editor.id), cargo.article_id)


def test_report_counts_ratings_and_lists_claims_in_text_order(report):
    assert report.rating_counts == [(TruthRating.TRUE, 1), (TruthRating.FALSE, 1)]
    assert report.without_verdict == 1
    assert [entry.claim.text[:5] for entry in report.entries] == ["Cargo", "Wages", "Ferri"]
    cargo = report.entries[0]
    assert cargo.verdict.rating is TruthRating.FALSE
    assert [item.title for item in cargo.evidence] == ["Port statistics 2024"]
    assert [c.new_rating for c in report.corrections] == [TruthRating.FALSE]


def test_markdown_has_summary_chain_evidence_and_dated_correction(report):
    text = reports.report_markdown(report)
    assert text.startswith("# Verdict report: Grève à Marseille: the port reopens")
    assert "| False | 1 |" in text and "| No verdict yet | 1 |" in text
    assert "Rests on: Reuters › Financial Times › anonymous sources" in text
    assert "Refutes: Port statistics 2024 <https://stats.example/cargo>" in text
    assert "2025-04-02: Verdict changed (Half true → False)" in text
    # Claim text is literal: no emphasis, no raw HTML.
    assert r"Cargo fell by \*half\*" in text and r"\<b\>in March\<" in text


def test_report_filename_keeps_the_title_letters(report):
    assert report.filename_stem == (f"verdict-report-{report.article.id}"
                                    "-grève-à-marseille-the-port-reopens")


def test_checker_cannot_take_a_report(session, checker, report):
    with pytest.raises(PermissionDenied):
        reports.article_report(session, session.get(User, checker.id), report.article.id)


def test_pdf_unavailable_says_why_and_what_still_works(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now fails
    with pytest.raises(PdfUnavailable) as raised:
        render_pdf("<p>report</p>", STATIC_DIR / "css" / "app.css")
    assert "WeasyPrint" in raised.value.message and "HTML report" in raised.value.message


def test_pdf_renders_when_weasyprint_is_installed():
    pytest.importorskip("weasyprint", reason="optional extra: pip install 'factcheck[pdf]'")
    pdf = render_pdf("<h1>Verdict report</h1><p>Cargo fell by half</p>",
                     STATIC_DIR / "css" / "app.css")
    assert pdf.startswith(b"%PDF")
