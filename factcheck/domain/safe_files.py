"""Files that are safe to open: spreadsheet cells that cannot run as
formulas, and download headers that name the file on every browser."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# A spreadsheet treats a cell starting with any of these as a formula (or,
# for tab and carriage return, shifts it so the next character does):
# "=HYPERLINK(...)" in a claim would become a live link in Excel.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV as UTF-8 only when it starts with the byte-order mark.
UTF8_BOM = "\ufeff"


def neutralize_cell(value: str) -> str:
    """The cell as plain text: a leading apostrophe makes spreadsheets show
    it verbatim instead of evaluating it."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _ascii_fallback(filename: str) -> str:
    folded = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    # Quotes, backslashes and control characters would break the quoted
    # string; path separators would let a browser suggest another folder.
    cleaned = re.sub(r'[^A-Za-z0-9._ -]+', "_", folded).strip(" .")
    return cleaned or "download"


def attachment_disposition(filename: str) -> str:
    """A Content-Disposition header per RFC 6266: an ASCII ``filename`` for
    old clients and ``filename*`` (RFC 5987, UTF-8) for everyone else."""
    filename = filename.replace("/", "_").replace("\\", "_")
    return (f'attachment; filename="{_ascii_fallback(filename)}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}")
