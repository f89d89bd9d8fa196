"""The article's metadata from its layout: headline, outlet, byline and date.

Where each comes from, most explicit first: a "By" line, then a closing byline
("Reporting by ...", "— Name, Outlet"); the outlet of a dateline ("CITY (Outlet) —",
"Outlet (31/10/2025):"), a "By" line's affiliation, a sign-off (copyright, "— AFP",
"Outlet.Net"); the date of a date line or dateline. What a web page declares
(``declared``) wins over all of these."""

from __future__ import annotations

from .layout import Layout
from .metadata import (
    byline_from_signoff,
    guess_year,
    outlet_from_dateline,
    outlet_from_signoff,
    parse_byline,
    parse_date,
)
from .model import Metadata
from .outlets import OutletTable


def _byline_and_outlet(text: str, layout: Layout) -> tuple[str | None, str | None]:
    byline = None
    outlet = layout.dateline_outlet
    for b in layout.bylines:
        parsed = parse_byline(text[b.start : b.end])
        if parsed:
            byline = byline or parsed[0]
            if parsed[1] and not outlet:
                outlet = parsed[1]
    for b in layout.signoffs:
        credit = byline_from_signoff(text[b.start : b.end])
        if credit:
            byline = byline or credit[0]
            outlet = outlet or credit[1]
    if not outlet:
        for b in layout.signoffs:
            outlet = outlet_from_signoff(text[b.start : b.end])
            if outlet:
                break
    if not outlet:
        for b in layout.datelines:
            outlet = outlet_from_dateline(text[b.start : b.end])
            if outlet:
                break
    return byline, outlet


def _published(text: str, layout: Layout) -> str | None:
    year = None
    for b in (*layout.datelines, *layout.bylines):
        if year is None:
            year = guess_year(text[: max(b.end, 2000)])
        iso, _, _ = parse_date(text[b.start : b.end], year)
        if iso:
            return iso
    return None


def article_metadata(
    text: str, layout: Layout, outlets: OutletTable, declared: Metadata | None = None
) -> Metadata:
    declared = declared or Metadata()
    title = text[layout.headline.start : layout.headline.end] if layout.headline else None
    byline, outlet_raw = _byline_and_outlet(text, layout)
    outlet_raw = declared.outlet or outlet_raw
    outlet = (outlets.lookup(outlet_raw) or outlet_raw) if outlet_raw else None
    return Metadata(
        declared.title or title,
        outlet,
        declared.byline or byline,
        declared.published or _published(text, layout),
    )
