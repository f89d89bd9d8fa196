"""Web pages: the article a page carries and what the page declares about it.

Pure domain code over lxml and trafilatura (no Flask, no database). Entry points:

* ``looks_like_html(text)`` — sniff the content, never the file name
* ``read_page(html, url="") -> Page`` — article text (what extraction offsets index)
  plus headline, outlet, byline and publication date
"""

from __future__ import annotations

from .article import Page, looks_like_html, read_page

__all__ = ["Page", "looks_like_html", "read_page"]
