"""Spreadsheet-safe cells and download headers."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from factcheck.domain.safe_files import attachment_disposition, neutralize_cell


@pytest.mark.parametrize("cell", [
    '=HYPERLINK("https://evil.example","Click")', "+1 555", "-2+3", "@SUM(A1)",
    "\tleading tab", "\rleading return",
])
def test_formula_triggers_are_made_plain_text(cell):
    assert neutralize_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["The port handled 4.2m tonnes", "", "'already quoted", "a=b"])
def test_ordinary_text_is_left_alone(cell):
    assert neutralize_cell(cell) == cell


def test_attachment_names_the_file_for_old_and_new_clients():
    header = attachment_disposition("verdict-report-7-grève-à-marseille.pdf")
    assert header.startswith("attachment; ")
    assert 'filename="verdict-report-7-greve-a-marseille.pdf"' in header
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "verdict-report-7-grève-à-marseille.pdf"


def test_attachment_name_cannot_break_the_header_or_pick_a_folder():
    header = attachment_disposition('../"evil"\r\nSet-Cookie: x.csv')
    assert "\r" not in header and "\n" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert "/" not in fallback and '"' not in fallback
    assert "/" not in unquote(header.split("''", 1)[1])
