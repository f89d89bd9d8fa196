"""A page's article: its text via trafilatura (what extraction offsets index), and
its headline, outlet, byline and date from what the page declares, with
trafilatura's own metadata as the fallback (and corrected: no site suffix in a
headline, no biography in a byline)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .declared import Declared, iso_date, read_declared
from .names import author_names, byline, strip_site


@dataclass(frozen=True)
class Page:
    text: str  # headline, a blank line, then the article's paragraphs; "" when none found
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date
    url: str | None = None


_HTML_START = re.compile(
    r"(?<!\s)\s*+(?:<!--.*?-->\s*+)*+<(?:!doctype\s+html|html\b|\?xml)", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    """Whether text is a web page (by its content: a file name says nothing)."""
    head = text[:2000]
    if _HTML_START.match(head) and ("<html" in head.lower() or "<!doctype html" in head.lower()):
        return True
    low = text[:20000].lower()
    return "<body" in low[:5000] and "</" in low


def paragraphs(text: str) -> str:
    """trafilatura puts one newline between blocks; a blank line between
    paragraphs (bullets stay together) is how wire copy is laid out."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    out: list[str] = []
    for line in lines:
        if out:
            bullet_run = line.startswith("- ") and out[-1].lstrip().startswith("- ")
            out.append("\n" if bullet_run else "\n\n")
        out.append(line)
    return "".join(out)


def _site_names(declared: Declared, fallback: str | None, url: str | None) -> list[str]:
    names = list(declared.site_names)
    if fallback and fallback not in names:
        names.append(fallback)
    host = urlsplit(url).hostname if url else None
    if host:
        label = host.removeprefix("www.").split(".")[0]
        names.append(label)
    return names


def read_page(html: str, url: str = "") -> Page:
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    data = (result.as_dict() if hasattr(result, "as_dict") else dict(result)) if result else {}
    declared = read_declared(html)
    page_url = url or data.get("url") or None
    sites = _site_names(declared, (data.get("sitename") or "").strip() or None, page_url)
    raw_title = (
        declared.headline or declared.og_title or data.get("title") or declared.html_title or ""
    )
    title = strip_site(raw_title, sites) or None
    names = declared.authors or author_names(data.get("author") or "")
    text = paragraphs((data.get("text") or "").strip())
    if text and title and not text.startswith(title):
        # keep the headline at the top, as on the page: extraction and the
        # reading view both expect it there
        text = f"{title}\n\n{text}"
    return Page(
        text=text,
        title=title,
        outlet=sites[0] if sites and (declared.site_names or data.get("sitename")) else None,
        byline=byline(names),
        published=declared.published or iso_date(data.get("date")),
        url=page_url,
    )
