"""Article metadata: title, outlet, byline and publication date."""

from __future__ import annotations

import datetime as _dt
import re

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAYNAME = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
DATE_RE = re.compile(
    r"\b(?:"
    + _DAYNAME
    + r"(?P<mdy_m>"
    + _MON
    + r")\s+(?P<mdy_d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<mdy_y>\d{4}))?"
    + r"|"
    + _DAYNAME
    + r"(?P<dmy_d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>"
    + _MON
    + r")(?:,?\s+(?P<dmy_y>\d{4}))?"
    + r"|(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    + r"|(?P<sl_a>\d{1,2})[/.](?P<sl_b>\d{1,2})[/.](?P<sl_y>\d{4})"
    + r")(?![\w/-])"
)
YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(s: str, default_year: int | None = None) -> tuple[str | None, int, int]:
    """First date in s as (ISO string or None, match start, match end)."""
    for m in DATE_RE.finditer(s):
        g = m.groupdict()
        iso: str | None = None
        if g["mdy_m"]:
            y = int(g["mdy_y"]) if g["mdy_y"] else default_year
            mon = MONTHS.get(g["mdy_m"].lower().rstrip("."))
            if y and mon:
                iso = _mk(y, mon, int(g["mdy_d"]))
        elif g["dmy_m"]:
            y = int(g["dmy_y"]) if g["dmy_y"] else default_year
            mon = MONTHS.get(g["dmy_m"].lower().rstrip("."))
            if y and mon:
                iso = _mk(y, mon, int(g["dmy_d"]))
        elif g["iso_y"]:
            iso = _mk(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
        elif g["sl_a"]:
            a, b, y = int(g["sl_a"]), int(g["sl_b"]), int(g["sl_y"])
            # day first (31/10/2025) unless that is impossible (10/31/2025)
            iso = _mk(y, b, a) if b <= 12 else _mk(y, a, b)
        if iso:
            return iso, m.start(), m.end()
    return None, -1, -1


def guess_year(text: str) -> int | None:
    """Latest plausible year mentioned in the text (for dates like "Oct. 31")."""
    years = [int(y) for y in YEAR_RE.findall(text[:20000])]
    return max(years) if years else None


_BYLINE = re.compile(
    r"^(?:By|BY|Written by|Words by)\s+(?P<name>[^\n|]+?)(?:\s*[|,;]\s*(?P<rest>[^\n]*))?$"
)
_BYLINE_BARE = re.compile(
    r"^(?P<name>(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+)\s*[|]\s*(?P<rest>[^\n]+)$"
)


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """(names, rest) from a byline like "By Jane Doe and John Roe, Reuters"."""
    s = line.strip()
    m = _BYLINE.match(s) or _BYLINE_BARE.match(s)
    if not m:
        return None
    name = m.group("name").strip(" ,;")
    rest = (m.group("rest") or "").strip() or None
    if not name or len(name) > 80 or not name[0].isupper():
        return None
    return name, rest


_OUTLET_PAREN = re.compile(r"\(([A-Z][A-Za-z.&' -]{1,40})\)")
_SIGNOFF_OUTLET = re.compile(
    r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?(?P<o>[A-Z][\w.&' -]{1,40}?)(?:\.|,|$| All rights)"
    r"|^[—–-]+\s*(?P<o2>[A-Z][\w.&' -]{1,40})\s*$"
    r"|^\((?P<o3>[A-Z][\w.&' -]{1,30})\)$",
    re.M,
)


# a closing line of initials: an agency's code ("NPA", "(AFP)")
AGENCY_CODE = re.compile(r"\(?(?P<code>[A-Z]{2,6})\)?\.?")
# a closing line that is the outlet's web address: "Baltic-Wire.Net", "Coastline.com"
SITE_SIGNOFF = re.compile(
    r"^(?P<site>[A-Z][\w-]{1,40}(?:\.[A-Z][\w-]{1,40})?\.(?:[Nn]et|NET|[Cc]om|COM|[Oo]rg|ORG"
    r"|[Nn]ews|NEWS|[Cc]o\.[Uu][Kk]|[Ii]nfo))$"
)
# a closing byline: "(Reporting by Jane Doe; Editing by John Smith)", "— Jane Doe, Outlet"
_REPORTING_BY = re.compile(
    r"^[(\[]?\s*(?:[Rr]eporting|[Ww]ritten|[Ww]riting|[Ww]ords)\s+by\s+(?P<name>[^;|()\[\]\n]{2,80})"
)
_DASH_CREDIT = re.compile(
    r"^[—–-]{1,2}\s*(?P<name>[A-Z][\w.'’ \u00a0-]{1,40}?)\s*,"
    r"\s*(?P<outlet>[A-Z][\w.&'’ \u00a0-]{1,40})$"
)


def byline_from_signoff(line: str) -> tuple[str, str | None] | None:
    """(names, outlet) from a closing byline; None for other sign-offs."""
    s = " ".join(line.split())
    m = _REPORTING_BY.match(s)
    if m:
        name = re.split(r"\s+in\s+[A-Z]|,\s*(?:[Ee]diting|[Aa]dditional)", m.group("name"))[0]
        name = name.strip(" .,;")
        return (name, None) if name and name[0].isupper() else None
    m = _DASH_CREDIT.match(s)
    if m and len(m.group("name").split()) >= 2:
        return m.group("name").strip(), m.group("outlet").strip()
    return None


def outlet_from_dateline(prefix: str) -> str | None:
    m = _OUTLET_PAREN.search(prefix)
    return m.group(1).strip() if m else None


def outlet_from_signoff(line: str) -> str | None:
    site = SITE_SIGNOFF.match(line.strip())
    if site:
        return site.group("site")
    code = AGENCY_CODE.fullmatch(line.strip())
    if code:
        return code.group("code")
    credit = _DASH_CREDIT.match(" ".join(line.split()))
    if credit:
        return credit.group("outlet").strip()
    m = _SIGNOFF_OUTLET.search(line.strip())
    if not m:
        return None
    return (m.group("o") or m.group("o2") or m.group("o3") or "").strip() or None
