"""Metadata of plain-text wire stories (our own): a date above the headline, an
outlet and date opening the first paragraph, datelines with non-breaking spaces,
"By" lines, closing bylines and web-address sign-offs; none of them is a claim."""

from __future__ import annotations

import pytest

from factcheck.domain.extraction import extract

NBSP = "\u00a0"
LEAD = "Dock workers in Gdansk voted on Friday to end a nine-day strike, the union said."
BODY = "The port handled 1.2 million containers last year."

CASES = [
    (
        "date line above the headline, 'Outlet (31/10/2025):' opening the story",
        f"31/10/2025\nDock strike ends after nine days\n\nBaltic Wire (31/10/2025): {LEAD}"
        f"\n\n{BODY}\n\n(Reporting by Anna Kowalska; Editing by Piotr Nowak)\n",
        ("Dock strike ends after nine days", "Baltic Wire", "Anna Kowalska", "2025-10-31"),
    ),
    (
        "CITY (Outlet) — with non-breaking spaces, '— Name, Outlet' closing",
        f"Dock strike ends after nine days\n\nGDANSK{NBSP}(Baltic{NBSP}Wire){NBSP}— {LEAD}"
        f"\n\n{BODY}\n\n— Anna Kowalska, Baltic Wire\n",
        ("Dock strike ends after nine days", "Baltic Wire", "Anna Kowalska", None),
    ),
    (
        "By line with a non-breaking space, date line, 'Outlet.Net' sign-off",
        f"Dock strike ends after nine days\nBy{NBSP}Anna Kowalska\nFriday, October 31, 2025"
        f"\n\n{LEAD}\n\n{BODY}\n\nBalticWire.Net\n",
        ("Dock strike ends after nine days", "BalticWire.Net", "Anna Kowalska", "2025-10-31"),
    ),
    (
        "ISO date in the dateline, agency initials closing",
        f"Dock strike ends after nine days\n\nGDANSK, 2025-10-31 — {LEAD}\n\n{BODY}\n\nBWA\n",
        ("Dock strike ends after nine days", "BWA", None, "2025-10-31"),
    ),
    (
        "day-first date and outlet in the dateline",
        f"Dock strike ends after nine days\n\nGDANSK, 31/10/2025 (Baltic Wire) — {LEAD}\n",
        ("Dock strike ends after nine days", "Baltic Wire", None, "2025-10-31"),
    ),
    (
        "spelled-out date above the headline, 'Reporting by X in City' closing",
        f"Friday, October 31, 2025\nDock strike ends after nine days\n\n{LEAD}\n\n"
        "Reporting by Anna Kowalska in Gdansk; Editing by Piotr Nowak\n",
        ("Dock strike ends after nine days", None, "Anna Kowalska", "2025-10-31"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_wire_story_metadata(text: str, expected: tuple) -> None:
    ex = extract(text)
    md = ex.metadata
    assert (md.title, md.outlet, md.byline, md.published) == expected


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_metadata_lines_are_not_claims(text: str) -> None:
    claims = [c.text for c in extract(text).claims]
    assert claims[0] == LEAD
    for c in claims:
        for marker in ("31/10/2025", "Reporting by", "Anna Kowalska", ".Net", "October 31", "BWA"):
            assert marker not in c
        assert not c.startswith(("Dock strike ends", "Baltic Wire", "GDANSK"))


def test_initials_alone_are_text_not_a_sign_off() -> None:
    ex = extract("NATO.")
    assert [c.text for c in ex.claims] == ["NATO."]
    assert ex.metadata.outlet is None
