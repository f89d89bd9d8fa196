"""Getting an article ready to save: a page fetched by its address turned
into a draft, and the details extraction detects for a person to correct
before saving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from factcheck.domain.extraction import Extraction, extract
from factcheck.services.intake.articles import _iso_date
from factcheck.services.intake.fetch import Fetched, FetchPolicy, fetch
from factcheck.services.intake.text_input import Draft, decode_bytes, draft_from_html


def draft_from_address(address: str, policy: FetchPolicy) -> Draft:
    """Fetch the page (safely, see ``fetch``), decode it, and read it as
    HTML or as plain text, whichever it is."""
    return draft_from_fetched(fetch(address, policy))


def draft_from_fetched(fetched: Fetched) -> Draft:
    page = decode_bytes(fetched.body, "The page")
    if "html" in fetched.content_type or page.lstrip()[:1] == "<":
        return draft_from_html(page, url=fetched.url)
    return Draft(text=page, url=fetched.url)


@dataclass(frozen=True)
class Details:
    title: str
    outlet: str
    byline: str
    url: str
    published: date | None


def detected_details(draft: Draft, extraction: Extraction | None = None) -> Details:
    """What the draft says about itself, else what extraction finds in its
    text: ``extraction`` when the caller already has it (the web form, from
    a time-limited worker; see article_intake), else found here."""
    detected = (extraction or extract(draft.text)).metadata
    return Details(title=draft.title or detected.title or "",
                   outlet=draft.outlet or detected.outlet or "",
                   byline=draft.byline or detected.byline or "",
                   url=draft.url,
                   published=draft.published or _iso_date(detected.published))
