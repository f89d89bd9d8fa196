"""Layout blocks and metadata with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.domain.extraction import extract
from factcheck.domain.extraction.layout import analyze_layout
from factcheck.domain.extraction.metadata import parse_date

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_wire_story_blocks() -> None:
    text = _read("relay_memo.txt")
    blocks = [(b.kind, text[b.start : b.end]) for b in analyze_layout(text).blocks]
    assert blocks[0] == ("headline", "North Korea demanded end to drills in leaked memo, FT says")
    assert blocks[1] == ("byline", "By Jane Doe and Min-ji Park")
    assert blocks[2] == ("dateline", "Friday, October 31, 2025")
    assert blocks[3] == ("dateline", "SEOUL, Oct 31 (Reuters) -")
    assert blocks[4][0] == "paragraph" and blocks[4][1].startswith("North Korea sent Washington")
    assert ("paragraph", "The demands reportedly included:") in blocks
    bullets = [t for k, t in blocks if k == "bullet"]
    assert bullets == [
        "a halt to all joint exercises near the border",
        "the lifting of sanctions on coal exports",
        "the return of frozen assets worth $120 million",
    ]
    assert blocks[-1] == ("signoff", "(Reporting by Jane Doe; Editing by John Smith)")


def test_headings_numbered_items_and_copyright() -> None:
    text = _read("council_vote.txt")
    kinds = {(b.kind, text[b.start : b.end]) for b in analyze_layout(text).blocks}
    assert ("heading", "Budget details") in kinds
    assert ("numbered", "a referendum is scheduled for May 6;") in kinds
    assert ("dateline", "MILLBROOK, Ore. (AP) —") in kinds
    assert ("signoff", "Copyright 2025 The Associated Press. All rights reserved.") in kinds


def test_headings_bylines_datelines_are_not_claims() -> None:
    text = _read("council_vote.txt")
    ex = extract(text)
    claim_texts = {c.text for c in ex.claims}
    for b in ex.blocks:
        if b.kind in ("headline", "heading", "byline", "dateline", "signoff"):
            assert text[b.start : b.end] not in claim_texts
    # the dateline prefix is cut off the first paragraph's claim
    assert ex.claims[0].text.startswith("The Millbrook city council voted 7-2")


@pytest.mark.parametrize(
    ("name", "title", "outlet", "byline", "published"),
    [
        (
            "relay_memo.txt",
            "North Korea demanded end to drills in leaked memo, FT says",
            "Reuters",
            "Jane Doe and Min-ji Park",
            "2025-10-31",
        ),
        (
            "council_vote.txt",
            "City council approves transit levy after heated debate",
            "Associated Press",
            "Marta Alvarez",
            "2025-03-14",
        ),
        (
            "afp_flood.txt",
            "Floods force thousands from homes in southern France",
            "Agence France-Presse",
            None,
            "2025-10-31",
        ),
    ],
)
def test_metadata(name: str, title: str, outlet: str, byline: str | None, published: str) -> None:
    md = extract(_read(name)).metadata
    assert (md.title, md.outlet, md.byline, md.published) == (title, outlet, byline, published)


@pytest.mark.parametrize(
    ("s", "year", "iso"),
    [
        ("Friday, October 31, 2025", None, "2025-10-31"),
        ("31/10/2025", None, "2025-10-31"),
        ("10/31/2025", None, "2025-10-31"),
        ("2025-10-31", None, "2025-10-31"),
        ("Oct. 31", 2025, "2025-10-31"),
        ("Published 31 October 2025 09:14 GMT", None, "2025-10-31"),
        ("Oct. 31", None, None),
        ("February 30, 2025", None, None),
    ],
)
def test_parse_date(s: str, year: int | None, iso: str | None) -> None:
    assert parse_date(s, year)[0] == iso


def test_short_date_takes_year_from_text() -> None:
    text = "Storm hits coast\nOct. 31\n\nThe storm, the worst since 2019, hit the coast in 2025."
    assert extract(text).metadata.published == "2025-10-31"


def test_single_line_is_a_claim_not_a_headline() -> None:
    ex = extract("Unemployment fell to 4.1 percent in March.")
    assert ex.metadata.title is None
    assert [c.text for c in ex.claims] == ["Unemployment fell to 4.1 percent in March."]
