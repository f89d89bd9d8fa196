"""Literal Markdown: text and links that cannot become anything else."""

from __future__ import annotations

import pytest

from factcheck.domain.safe_markdown import md, md_link


@pytest.mark.parametrize(("text", "expected"), [
    ("# Heading", r"\# Heading"),
    ("- item", r"\- item"),
    ("1. first", r"1\. first"),
    ("<b>bold</b>", r"\<b\>bold\</b\>"),
    ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
    ("line one\n# two\r\nthree", r"line one \# two  three"),
    ("tab\tand\x1bescape\u2028sep", "tab and escape sep"),
    ("3.1% rise", "3.1% rise"),
    ("&lt;script&gt;", r"\&lt;script\&gt;"),
])
def test_text_is_literal_and_on_one_line(text, expected):
    assert md(text) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example/a?b=1#c", "<https://news.example/a?b=1#c>"),
    ("http://news.example", "<http://news.example>"),
    ("javascript:alert(1)", ""),
    ("data:text/html,<script>", ""),
    ("https://news.example/a>\n# Heading", ""),
    ("https://news.example/a b", ""),
    ("https://news.example/\x07bell", ""),
    ("https://news.example/<img>", ""),
    ("", ""),
    (None, ""),
])
def test_only_plain_http_links_are_written_in_angle_brackets(url, expected):
    assert md_link(url) == expected
