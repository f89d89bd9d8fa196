"""PDF from the report's HTML with WeasyPrint, an optional extra
(pip install 'factcheck[pdf]') that also needs Pango from the system.
Without either, the HTML report still works and says how to print it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factcheck.services.core.errors import ServiceError

UNAVAILABLE = ("PDF export is not available on this server: it needs WeasyPrint "
               "(pip install 'factcheck[pdf]') and the Pango library (apt-get install "
               "libpango-1.0-0 libpangoft2-1.0-0). The HTML report works without it: "
               "open it and use your browser's Print → Save as PDF.")


class PdfUnavailable(ServiceError):
    status_code = 503


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The report embeds nothing from outside; an address in a claim or in
    # evidence must never make the server fetch it.
    raise ValueError(f"not fetched: {url[:80]}")


def pdf_available() -> bool:
    """Whether this server can make PDFs, so pages can say so before the
    click rather than answer it with an error."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: Pango missing
        return False
    return True


def render_pdf(html: str, stylesheet: Path) -> bytes:
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfUnavailable(UNAVAILABLE) from error
    css = CSS(string=stylesheet.read_text(encoding="utf-8"), url_fetcher=_refuse_fetch)
    document = HTML(string=html, url_fetcher=_refuse_fetch)
    return bytes(document.write_pdf(stylesheets=[css]))
