"""Machine-readable fact-checks: the ClaimReview embedded in a public page,
the schema.org DataFeed of every published one, and the Atom feed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from factcheck.domain.claimreview import (
    Findings,
    ReviewedClaim,
    claim_review,
    script_safe_json,
    validate,
)
from factcheck.services.exports.formats import ExportSettings
from factcheck.services.publication.records import FactCheck


def reviewed_claim(item: FactCheck, site: ExportSettings) -> ReviewedClaim:
    """The ClaimReview's values: first published when the claim first went
    public, modified by its latest correction or re-publication."""
    claimant = item.claimant
    changed = item.updated_at if item.updated_at > item.first_published_at else None
    return ReviewedClaim(
        claim_text=item.claim_text, rating=item.rating,
        review_url=site.review_url(item.claim_id), published_at=item.first_published_at,
        modified_at=changed, claim_author=claimant.name if claimant else None,
        claim_author_kind=claimant.kind if claimant else None,
        article_url=item.article.url, article_title=item.article.title,
        outlet=item.article.outlet, article_published_on=item.article.published_on,
        corrections=tuple(c.as_claimreview() for c in item.corrections))


@dataclass(frozen=True)
class PageMarkup:
    document: dict[str, Any]
    findings: Findings

    @property
    def script_json(self) -> str:
        """Safe to place inside <script type="application/ld+json"> as is."""
        return script_safe_json(self.document)


def page_markup(item: FactCheck, site: ExportSettings) -> PageMarkup:
    document = claim_review(reviewed_claim(item, site), site.publisher)
    return PageMarkup(document, validate(document))


def data_feed_chunks(items: Iterable[FactCheck], site: ExportSettings, *, feed_url: str,
                     modified: datetime | None) -> Iterator[str]:
    """A schema.org DataFeed whose elements are ClaimReviews, written as it
    is read. An item the ClaimReview validator rejects is left out, as in
    the ClaimReview export."""
    head: dict[str, Any] = {"@context": "https://schema.org", "@type": "DataFeed",
                            "name": f"{site.publisher.name}: fact-checks", "url": feed_url}
    if modified is not None:
        head["dateModified"] = modified.astimezone(UTC).isoformat()
    yield script_safe_json(head)[:-1] + ', "dataFeedElement": [\n'
    first = True
    for item in items:
        document = claim_review(reviewed_claim(item, site), site.publisher, with_context=False)
        if not validate(document).ok:
            continue
        yield ("" if first else ",\n") + script_safe_json(document)
        first = False
    yield "\n]}\n"


ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot carry at all, even escaped: a pasted article may
# hold them, and one would make the whole feed unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str
         ) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}",
                            {key: _text(value) for key, value in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _summary(item: FactCheck) -> str:
    lines = [f"Rated {item.rating.label}.", item.public_rationale]
    lines += [f"Correction, {c.created_at:%Y-%m-%d}: {c.summary}" for c in item.corrections]
    return "\n\n".join(line for line in lines if line)


@dataclass(frozen=True)
class AtomFeed:
    site: ExportSettings
    # The feed's own address and the list page it mirrors.
    self_url: str
    list_url: str
    # A fact-check's public page, by claim id.
    page_url_of: Callable[[int], str]

    def entry(self, feed: ET.Element, item: FactCheck) -> None:
        entry = _add(feed, "entry")
        page = self.page_url_of(item.claim_id)
        _add(entry, "id", page)
        _add(entry, "title", f"{item.rating.label}: {item.claim_text}")
        _add(entry, "published", _stamp(item.first_published_at))
        _add(entry, "updated", _stamp(item.updated_at))
        _add(entry, "link", rel="alternate", type="text/html", href=page)
        _add(entry, "category", term=item.rating.value, label=item.rating.label)
        _add(entry, "summary", _summary(item), type="text")

    def document(self, items: list[FactCheck], updated: datetime | None) -> bytes:
        """An RFC 4287 feed; ``updated`` is when anything public last changed."""
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")
        _add(feed, "id", self.list_url)
        _add(feed, "title", f"{self.site.publisher.name}: fact-checks")
        _add(feed, "updated", _stamp(updated or datetime(1970, 1, 1, tzinfo=UTC)))
        author = _add(feed, "author")
        _add(author, "name", self.site.publisher.name)
        _add(author, "uri", self.site.publisher.url)
        _add(feed, "link", rel="self", type="application/atom+xml", href=self.self_url)
        _add(feed, "link", rel="alternate", type="text/html", href=self.list_url)
        for item in items:
            self.entry(feed, item)
        return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
