"""The article verdict report as a standalone HTML document and as PDF.
Rendered with Jinja alone, from the app's templates, so the CLI prints
exactly what the web does without a request or the web layer."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from factcheck.config import STATIC_DIR, TEMPLATES_DIR
from factcheck.domain.sources import hedge_list
from factcheck.services.exports.pdf import render_pdf
from factcheck.services.exports.reports import ArticleReport

DOCUMENT_TEMPLATE = "reports/article_document.html"
STYLESHEET = STATIC_DIR / "css" / "app.css"


@lru_cache(maxsize=1)
def _environment(templates: Path) -> Environment:
    environment = Environment(loader=FileSystemLoader(templates),
                              autoescape=select_autoescape(["html"]))
    environment.filters["hedge_list"] = hedge_list
    return environment


def report_document_html(report: ArticleReport, *, organization: str) -> str:
    """``organization`` signs the report (the ORGANIZATION_NAME setting)."""
    template = _environment(TEMPLATES_DIR).get_template(DOCUMENT_TEMPLATE)
    return template.render(report=report, organization=organization)


def report_pdf(report: ArticleReport, *, organization: str) -> bytes:
    return render_pdf(report_document_html(report, organization=organization), STYLESHEET)
