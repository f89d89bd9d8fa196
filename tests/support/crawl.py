"""Walking the app's own links: which hrefs stay on the site, and which
pages count as the same kind of page (the same path with other ids or
filter values), so a walk visits each kind once."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

# Filter pages (the claim list, the dashboard) link to each other with every
# combination of filters; a dozen combinations each reach every filter.
VARIANTS_PER_PATH = 12


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def on_site(href: str) -> str | None:
    """The path and query of a link to one of our pages; None for another
    site, an in-page anchor or a static file."""
    target = urlsplit(href)
    if target.scheme or target.netloc or not target.path.startswith("/"):
        return None
    if target.path.startswith("/static/"):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


class Walk:
    """Which pages are still to visit: each kind of page once, and at most
    ``variants`` kinds (sets of query keys) per path."""

    def __init__(self, variants: int = VARIANTS_PER_PATH) -> None:
        self.variants = variants
        self.kinds: set[tuple[str, tuple[str, ...]]] = set()
        self.per_path: Counter[str] = Counter()

    def take(self, url: str) -> bool:
        parts = urlsplit(url)
        path = re.sub(r"\d+", "N", parts.path)
        kind = (path, tuple(sorted({key for key, _ in parse_qsl(parts.query)})))
        if kind in self.kinds or self.per_path[path] >= self.variants:
            return False
        self.kinds.add(kind)
        self.per_path[path] += 1
        return True
