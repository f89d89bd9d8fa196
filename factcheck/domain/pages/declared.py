"""What a page declares about its article: JSON-LD (``NewsArticle``/``Article``,
also inside ``@graph``, lists and ``@id`` references), OpenGraph and ``article:*``
meta, ``<meta name="author">``, ``rel=author`` and byline elements, ``<time datetime>``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from factcheck.domain.extraction.metadata import parse_date

from .names import author_names

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "report",
    }
)
# meta names that carry the publication date, most specific first
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "date",
)
_ISO = re.compile(r"(?<!\s)\s*+(\d{4})-(\d{2})-(\d{2})")
MAX_JSON_CHARS = 2_000_000


@dataclass
class Declared:
    headline: str | None = None
    og_title: str | None = None
    html_title: str | None = None
    site_names: list[str] = field(default_factory=list)  # best first
    authors: list[str] = field(default_factory=list)
    published: str | None = None


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from a declared date ("2025-03-04T14:05:00-08:00" is the 4th: the
    date the page states, not converted to another time zone)."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO.match(value)
    if m:
        iso, _, _ = parse_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        return iso
    iso, _, _ = parse_date(value[:80])
    return iso


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower().rsplit("/", 1)[-1] for x in items if x}


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 12:
        return
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, depth + 1)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        raw = (script.text or "").strip()
        if not raw or len(raw) > MAX_JSON_CHARS:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):  # not JSON, or nested past Python's stack
            continue
        nodes.extend(_walk(data))
    return nodes


def _from_json_ld(nodes: list[dict[str, Any]], out: Declared) -> None:
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}

    def resolve(v: Any) -> Any:
        if isinstance(v, dict) and set(v) == {"@id"} and v["@id"] in by_id:
            return by_id[v["@id"]]
        return v

    article = next((n for n in nodes if _types(n) & ARTICLE_TYPES), None)
    for n in nodes:
        if "website" in _types(n) and (name := _text(n.get("name"))):
            out.site_names.append(name)
    if article is None:
        return
    out.headline = _text(article.get("headline")) or _text(article.get("name"))
    out.published = iso_date(article.get("datePublished")) or iso_date(
        article.get("dateCreated")
    )
    authors = article.get("author") or article.get("creator")
    for a in authors if isinstance(authors, list) else [authors]:
        a = resolve(a)
        name = _text(a)
        if name:
            out.authors.extend(n for n in author_names(name, declared=True)
                               if n not in out.authors)
    for key in ("isPartOf", "publisher", "sourceOrganization"):
        name = _text(resolve(article.get(key)))
        if name and name not in out.site_names:
            out.site_names.append(name)


def _meta(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if key and content and key not in found:
            found[key] = content
    return found


def _element_texts(el: Any) -> list[str]:
    """Each text node of an element on its own: "<span>By Tom Ashby</span><span>Business
    reporter</span>" is two pieces, not "By Tom AshbyBusiness reporter"."""
    return [t.strip() for t in el.itertext() if t.strip()]


_BYLINE_XPATHS = (
    '//a[contains(concat(" ", normalize-space(@rel), " "), " author ")]',
    '//*[@itemprop="author"]',
    '//*[self::article or self::header or contains(@class, "byline")]'
    '//a[contains(@href, "/author/") or contains(@href, "/authors/") or contains(@href, "/people/")'
    ' or contains(@href, "/profile/") or contains(@href, "/staff/")]',
    '//*[contains(translate(@class, "BYLINE", "byline"), "byline")'
    ' or contains(translate(@class, "AUTHOR", "author"), "author-name")]',
)


def _from_markup(tree: Any, out: Declared) -> None:
    meta = _meta(tree)
    for key in ("og:site_name", "application-name"):
        if key in meta and meta[key] not in out.site_names:
            out.site_names.append(meta[key])
    out.og_title = meta.get("og:title") or meta.get("twitter:title")
    titles = tree.xpath("//title")
    if titles:
        out.html_title = " ".join(titles[0].text_content().split()) or None
    if out.published is None:
        out.published = next((d for k in DATE_META if (d := iso_date(meta.get(k)))), None)
    if out.published is None:
        out.published = _time_element(tree)
    if not out.authors:
        for key in ("author", "article:author", "byl", "dc.creator", "parsely-author"):
            if key in meta:
                out.authors = author_names(meta[key], declared=True)
                if out.authors:
                    break
    for xpath in _BYLINE_XPATHS:
        if out.authors:
            break
        for el in tree.xpath(xpath)[:4]:
            for piece in _element_texts(el):
                out.authors.extend(n for n in author_names(piece) if n not in out.authors)
            if out.authors:
                break


def _time_element(tree: Any) -> str | None:
    for xpath in (
        "//time[@pubdate][@datetime]",
        '//time[@itemprop="datePublished"][@datetime]',
        '//*[@itemprop="datePublished"][@content]',
        "//article//time[@datetime]",
        "//main//time[@datetime]",
        "//time[@datetime]",
    ):
        for el in tree.xpath(xpath)[:3]:
            iso = iso_date(el.get("datetime") or el.get("content"))
            if iso:
                return iso
    return None


def read_declared(html: str) -> Declared:
    out = Declared()
    try:
        # lxml refuses a str that declares its own encoding (<?xml ... encoding=...?>)
        tree = lxml_html.fromstring(html.encode("utf-8"))
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return out
    _from_json_ld(_json_ld(tree), out)
    _from_markup(tree, out)
    return out
