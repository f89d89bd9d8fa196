"""Reading our own news pages: the article text without the navigation, and the
headline, outlet, byline and date each page declares in its own way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.domain.pages import looks_like_html, read_page
from factcheck.domain.pages.names import author_names, strip_site

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"

EXPECTED = {
    name: meta
    for name, meta in json.loads((PAGES / "expected.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_metadata_and_text(name: str) -> None:
    html = (PAGES / name).read_text(encoding="utf-8")
    want = EXPECTED[name]
    assert looks_like_html(html)
    page = read_page(html)
    assert (page.title, page.outlet, page.byline, page.published) == (
        want["title"],
        want["outlet"],
        want["byline"],
        want["published"],
    )
    body = (PAGES / name.replace(".html", ".body.txt")).read_text(encoding="utf-8").strip()
    assert page.text == want["title"] + "\n\n" + body
    for words in want["not_in_text"]:
        assert words not in page.text


def test_a_biography_is_not_a_byline() -> None:
    assert author_names("Dana Whitfield is a reporter; Covering Weather; Climate") == [
        "Dana Whitfield"
    ]
    assert author_names("By Tom Ashby, Business reporter") == ["Tom Ashby"]
    assert author_names("By Jane Doe and John Roe") == ["Jane Doe", "John Roe"]
    assert author_names("Ana de la Cruz") == ["Ana de la Cruz"]
    assert author_names("Reuters") == []
    assert author_names("Reuters", declared=True) == ["Reuters"]
    assert author_names("Desk 2", declared=True) == ["Desk 2"]
    assert author_names("Phil Doe is a reporter for NBN News.", declared=True) == ["Phil Doe"]


@pytest.mark.parametrize(
    ("title", "sites", "headline"),
    [
        ("Cellvane raises $40M – TechWire", ["TechWire"], "Cellvane raises $40M"),
        ("Markets slide | Reuters", ["Reuters"], "Markets slide"),
        ("Ferry faults - BCB News", ["BCB News"], "Ferry faults"),
        ("Harbour Herald | Sea wall approved", ["Harbour Herald"], "Sea wall approved"),
        ("Ferry faults - BCB News", ["BCB"], "Ferry faults"),
        ("Storm - what we know so far", ["NBN News"], "Storm - what we know so far"),
        ("Jobs report: hiring slows", [], "Jobs report: hiring slows"),
    ],
)
def test_headline_without_site_name(title: str, sites: list[str], headline: str) -> None:
    assert strip_site(title, sites) == headline


def test_plain_text_and_markup_fragments_are_not_pages() -> None:
    assert not looks_like_html("Council approves sea wall\n\nThe vote was 31 to 4.")
    assert not looks_like_html("Use the <b> tag for bold, she wrote.")
    assert looks_like_html("<!-- saved page -->\n<!DOCTYPE html><html><body><p>x</p></body></html>")


@pytest.mark.parametrize(
    "html",
    [
        "<html></html>",
        "<html><head><script type='application/ld+json'>{not json</script></head></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Hi</p></body></html>',
        "<html><head><script type='application/ld+json'>"
        '{"@type": "NewsArticle", "author": [null, 3, {"@id": "x"}], "datePublished": "soon"}'
        "</script></head><body></body></html>",
    ],
)
def test_broken_pages_give_empty_fields_not_errors(html: str) -> None:
    page = read_page(html)
    assert page.published is None
    assert page.byline is None
