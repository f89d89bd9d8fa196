"""The slow half of bringing an article in, done before the write
transaction begins: fetching the page (``drafts.draft_from_address``,
within the fetch policy's total deadline) and finding the claims. What it
reads from the database (the source registry) is read in a short
transaction of its own, so on SQLite no write lock is held while a page
downloads or a text is extracted; the save that follows is quick."""

from __future__ import annotations

from factcheck.database import read_apart
from factcheck.domain.extraction import Extraction
from factcheck.services.core.session import DbSession
from factcheck.services.intake.extraction_runner import ExtractionLimits, extract_limited
from factcheck.services.intake.text_input import clean_text
from factcheck.services.sources import registry as sources


def extract_claims(session: DbSession, text: str, limits: ExtractionLimits) -> Extraction:
    """Claims in ``text``, found in a worker process within the time limit
    (a pathological text fails alone with a clear message)."""
    text = clean_text(text)
    known = read_apart(session, sources.registry_names)
    return extract_limited(text, known, limits)
