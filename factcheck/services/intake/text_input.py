"""Turning what people bring (files, pasted HTML, fetched pages) into the
plain text that extraction reads, with clear refusals for what is not text."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from factcheck.domain.pages import looks_like_html, read_page
from factcheck.services.core.errors import ValidationFailed

TEXT_EXTENSIONS = (".txt", ".md")
HTML_EXTENSIONS = (".html", ".htm")
MAX_ARTICLE_CHARS = 2_000_000  # ~2 MB of text: far beyond any real article

# Control characters other than tab/newline/carriage return/form feed mean
# binary data wearing a text extension.
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


@dataclass
class Draft:
    """An article ready to be checked by a person before it is saved."""

    text: str
    title: str = ""
    outlet: str = ""
    byline: str = ""
    url: str = ""
    published: date | None = None
    notes: list[str] = field(default_factory=list)


def decode_bytes(raw: bytes, filename: str = "the file") -> str:
    if not raw.strip():
        raise ValidationFailed(f"{filename} is empty.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ValidationFailed(f"{filename} is not valid UTF-16 text.") from error
    if b"\x00" in raw[:8192]:
        raise ValidationFailed(f"{filename} looks like a binary file, not text.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationFailed(
            f"{filename} is not UTF-8 text (undecodable byte at position {error.start}). "
            "Save it as UTF-8 and try again."
        ) from error


def clean_text(text: str, what: str = "The article") -> str:
    """Normalize newlines (browsers do the same when they show the text, so
    offsets stay true) and refuse what cannot be an article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ValidationFailed(f"{what} contains NUL characters; it is not plain text.")
    sample = text[:20000]
    controls = sum(1 for ch in sample
                   if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls > max(3, len(sample) // 200):
        raise ValidationFailed(f"{what} looks like binary data, not text.")
    if not text.strip():
        raise ValidationFailed(f"{what} is empty.")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ValidationFailed(
            f"{what} is {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}."
        )
    return text


def plain_field(value: str, what: str) -> str:
    """A short typed field (title, name, rationale). PostgreSQL cannot store
    NUL in text, and no person types one: refuse it with a message rather
    than let the database fail."""
    if "\x00" in value:
        raise ValidationFailed(f"{what} contains NUL characters; it is not plain text.")
    return value


def web_address(value: str, what: str) -> str:
    """An address shown as a link: http(s) only, so no ``javascript:`` or
    ``file:`` link is ever rendered. Empty stays empty."""
    value = plain_field(value, what).strip()
    if value and urlsplit(value).scheme not in ("http", "https"):
        raise ValidationFailed(f"{what} must start with http:// or https://.")
    return value


# Ids in addresses are parsed as any size of integer; the id columns are
# 32-bit on PostgreSQL. A larger one names nothing, and must not reach the
# driver (SQLite overflows at 64 bits, PostgreSQL refuses past 32).
MAX_ROW_ID = 2**31 - 1


def row_id_in_range(value: int) -> bool:
    return 0 < value <= MAX_ROW_ID


def draft_from_html(html: str, url: str = "") -> Draft:
    """Article text and metadata from a page (the same reading as ``factcheck extract``)."""
    page = read_page(html, url)
    if not page.text:
        raise ValidationFailed("No article text could be found in that HTML.")
    return Draft(
        text=clean_text(page.text),
        title=page.title or "",
        outlet=page.outlet or "",
        byline=page.byline or "",
        url=url or page.url or "",
        published=_parse_date(page.published),
        notes=["Text and details were taken from the page's HTML; check them before saving."],
    )


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def draft_from_upload(filename: str, raw: bytes) -> Draft:
    name = filename or "the file"
    lower = name.lower()
    if not lower.endswith(TEXT_EXTENSIONS + HTML_EXTENSIONS):
        raise ValidationFailed("Upload a .txt, .md, .html or .htm file.")
    text = decode_bytes(raw, name)
    if lower.endswith(HTML_EXTENSIONS):
        return draft_from_html(text)
    return Draft(text=clean_text(text, name))


def draft_from_paste(text: str) -> Draft:
    if looks_like_html(text):
        return draft_from_html(text)
    return Draft(text=clean_text(text))
