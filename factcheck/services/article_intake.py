"""The slow half of bringing an article in, done before the write
transaction begins: fetching the page and finding the claims. What it
reads from the database (the source registry) is read in a short
transaction of its own, so on SQLite no write lock is held while a page
downloads or a text is extracted; the save that follows is quick."""

from __future__ import annotations

from factcheck.database import read_apart
from factcheck.domain.extraction import Extraction
from factcheck.services import sources
from factcheck.services.extraction_runner import ExtractionLimits, extract_limited
from factcheck.services.fetch import Fetched, FetchPolicy, fetch
from factcheck.services.session import DbSession
from factcheck.services.text_input import clean_text


def fetch_page(url: str, policy: FetchPolicy) -> Fetched:
    """The page, within the policy's total deadline; nothing is read from
    or written to the database meanwhile."""
    return fetch(url, policy)


def extract_claims(session: DbSession, text: str, limits: ExtractionLimits) -> Extraction:
    """Claims in ``text``, found in a worker process within the time limit
    (a pathological text fails alone with a clear message)."""
    text = clean_text(text)
    known = read_apart(session, sources.registry_names)
    return extract_limited(text, known, limits)
