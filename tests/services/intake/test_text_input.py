"""Turning what people bring into article text: refusals for what is not
text, normalized newlines, and HTML read through trafilatura."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from factcheck.services.core.errors import ValidationFailed
from factcheck.services.intake.text_input import (
    MAX_ARTICLE_CHARS,
    clean_text,
    draft_from_paste,
    draft_from_upload,
)

STORY = ("Port reopens after five-day strike\n\n"
         "FELIXSTOWE (Reuters) - Britain's busiest container port reopened on Friday, "
         "its operator said.\n\nThe strike cost about $3 million a day, the union said.")

PAGE = """<!doctype html>
<html lang="en"><head>
<title>Port reopens after five-day strike | Harbour Gazette</title>
<meta property="og:title" content="Port reopens after five-day strike">
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Priya Raman">
<meta property="article:published_time" content="2025-06-13T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Port reopens after five-day strike</h1>
<p>Britain's busiest container port reopened on Friday after a five-day strike by dock
workers, its operator said in a statement.</p>
<p>The stoppage cost the port about $3 million a day in lost fees, the union said,
and left more than 40 ships waiting off the coast.</p>
<p>Shipping lines said it would take at least a week to clear the backlog of containers
stacked on the quayside.</p>
</article>
<footer>Cookie settings. Subscribe to our newsletter.</footer>
</body></html>"""


@pytest.mark.parametrize("raw", [b"", b"   \n\t  \r\n"])
def test_empty_or_blank_upload_is_refused(raw):
    with pytest.raises(ValidationFailed, match="empty"):
        draft_from_upload("story.txt", raw)


def test_blank_paste_is_refused():
    with pytest.raises(ValidationFailed, match="empty"):
        draft_from_paste(" \n \n ")


def test_text_over_the_limit_is_refused_with_the_limit_named():
    with pytest.raises(ValidationFailed, match="limit is 2,000,000"):
        draft_from_paste("word " * (MAX_ARTICLE_CHARS // 5 + 1))
    assert clean_text("a" * MAX_ARTICLE_CHARS)  # exactly at the limit is fine


@pytest.mark.parametrize("name", ["photo.txt", "page.html"])
def test_binary_file_with_a_text_extension_is_refused(name):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    with pytest.raises(ValidationFailed, match="binary"):
        draft_from_upload(name, png)


def test_control_characters_without_nul_are_refused_as_binary():
    noise = bytes(range(1, 32)) * 40 + b"some words"
    with pytest.raises(ValidationFailed, match="binary"):
        draft_from_upload("dump.txt", noise)


def test_invalid_utf8_names_the_byte_and_the_fix():
    latin1 = "Le maire a déclaré que la route resterait fermée.".encode("latin-1")
    with pytest.raises(ValidationFailed, match=r"not UTF-8.*Save it as UTF-8"):
        draft_from_upload("depeche.txt", latin1)


def test_nul_in_pasted_text_is_refused():
    with pytest.raises(ValidationFailed, match="NUL"):
        draft_from_paste("The port reopened.\x00 The union said so.")


def test_nul_late_in_a_file_is_refused():
    raw = (STORY * 400).encode() + b"\x00trailing"
    with pytest.raises(ValidationFailed):
        draft_from_upload("long.txt", raw)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    draft = draft_from_upload("story.txt", bom + STORY.encode(codec))
    assert draft.text == STORY


def test_utf8_bom_is_dropped():
    assert draft_from_upload("story.md", codecs.BOM_UTF8 + STORY.encode()).text == STORY


def test_crlf_and_lone_cr_become_newlines():
    windows = STORY.replace("\n", "\r\n")
    assert draft_from_upload("story.txt", windows.encode()).text == STORY
    assert draft_from_paste(STORY.replace("\n", "\r")).text == STORY


def test_other_extensions_are_refused():
    with pytest.raises(ValidationFailed, match=r"\.txt, \.md, \.html or \.htm"):
        draft_from_upload("story.pdf", b"%PDF-1.7")


def test_html_file_gives_text_and_metadata():
    draft = draft_from_upload("port.HTML", PAGE.encode())
    assert draft.title == "Port reopens after five-day strike"
    assert draft.outlet == "Harbour Gazette"
    assert draft.byline == "Priya Raman"
    assert draft.published == date(2025, 6, 13)
    assert draft.text.startswith("Port reopens after five-day strike\n\n")
    assert "$3 million a day" in draft.text
    assert "Cookie settings" not in draft.text and "<p>" not in draft.text
    assert "\n\n" in draft.text.split("five-day strike", 1)[1]  # paragraphs kept apart
    assert draft.notes  # the person is told to check what was taken


def test_pasted_html_is_recognised_and_converted():
    draft = draft_from_paste("\n  " + PAGE)
    assert draft.outlet == "Harbour Gazette"
    assert "<article>" not in draft.text


def test_html_without_an_article_is_refused():
    with pytest.raises(ValidationFailed, match="No article text"):
        draft_from_upload("empty.html",
                          b"<html><head><title>Gone</title></head><body></body></html>")


def test_plain_text_mentioning_tags_stays_plain():
    text = "Engineers said the <body> tag was misused.\n\nThe site was fixed on Monday."
    assert draft_from_paste(text).text == text
