"""``factcheck extract PATH|- --json``: plain text and web pages, with ``text``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from factcheck.cli import main
from factcheck.services.intake.text_input import draft_from_html

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

WIRE = (
    "Port strike ends after nine days\n\n"
    "GDANSK (Baltic Wire) — Dock workers voted to end a nine-day strike on Friday, "
    "the union said.\n\n"
    "The port handled 1.2 million containers last year, according to its annual report.\n"
)


def _run(args: list[str], stdin: str | None = None) -> dict:
    result = CliRunner().invoke(main, ["extract", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _offsets_round_trip(data: dict) -> None:
    text = data["text"]
    for claim in data["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
        for hop in claim["attribution"]["chain"]:
            if hop["start"] is not None:
                assert 0 <= hop["start"] < hop["end"] <= len(text)


def test_plain_text_comes_back_as_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(WIRE, encoding="utf-8")
    data = _run([str(path), "--json"])
    assert data["text"] == WIRE
    assert data["metadata"]["title"] == "Port strike ends after nine days"
    _offsets_round_trip(data)
    assert _run(["-"], stdin=WIRE)["text"] == WIRE


def test_html_is_sniffed_from_content_and_read_like_a_web_upload(tmp_path: Path) -> None:
    html = (PAGES / "broadcaster_bio.html").read_text(encoding="utf-8")
    path = tmp_path / "saved-page.txt"  # the name says text; the content is a page
    path.write_text(html, encoding="utf-8")
    data = _run([str(path), "--json"])
    draft = draft_from_html(html)
    assert data["text"] == draft.text
    assert data["metadata"] == {
        "title": draft.title,
        "outlet": draft.outlet,
        "byline": draft.byline,
        "published": draft.published.isoformat() if draft.published else None,
    }
    assert data["metadata"]["byline"] == "Dana Whitfield"
    assert not any("<" in c["text"] for c in data["claims"])
    _offsets_round_trip(data)


def test_a_page_without_article_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code != 0
    assert "no article text" in result.output


def test_extract_does_not_load_the_web_layer() -> None:
    page = str(PAGES / "techsite_jsonld.html")
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from factcheck.cli import main\n"
        f"r = CliRunner().invoke(main, ['extract', {page!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.startswith('factcheck.web')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
