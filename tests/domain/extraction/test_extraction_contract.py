"""The `extract --json` contract on fixtures and on hostile input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from factcheck.domain.claims import ClaimKind
from factcheck.domain.extraction import extract, extract_json
from factcheck.domain.sources import SourceKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
ROOT = Path(__file__).resolve().parents[3]
CLAIM_KINDS = {k.value for k in ClaimKind}
SOURCE_KINDS = {k.value for k in SourceKind}


def _check_contract(text: str, data: dict[str, Any]) -> None:
    assert set(data["metadata"]) >= {"title", "outlet", "byline", "published"}
    for c in data["claims"]:
        assert text[c["start"] : c["end"]] == c["text"]
        assert c["text"].strip() == c["text"] and c["text"]
        assert c["kind"] in CLAIM_KINDS
        assert 0.0 <= c["checkworthiness"] <= 1.0
        assert all(isinstance(h, str) for h in c["hedges"])
        assert text[max(0, c["start"] - 32) : c["start"]] == c["prefix"]
        assert text[c["end"] : c["end"] + 32] == c["suffix"]
        att = c["attribution"]
        assert set(att) >= {"cue", "cue_start", "cue_end", "inherited", "chain"}
        if att["cue_start"] is not None and not att["inherited"]:
            assert text[att["cue_start"] : att["cue_end"]] == att["cue"]
        for hop in att["chain"]:
            assert hop["kind"] in SOURCE_KINDS
            assert isinstance(hop["name"], str) and hop["name"]
            if hop["start"] is not None:
                assert 0 <= hop["start"] < hop["end"] <= len(text)
            if att["inherited"]:
                assert hop["start"] is None and hop["end"] is None


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_fixtures_follow_the_contract(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    data = json.loads(extract_json(text))
    _check_contract(text, data)
    assert data["claims"]
    starts = [c["start"] for c in data["claims"]]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n \t ",
        "x",
        "Single line without a full stop",
        '"',
        '"unterminated quote that never ends',
        "said said said according to , told told",
        "—\u200b\ufeff\x00 “” ‘’ «» \U0001f600 naïve café Ωmega ١٢٣ 日本語の文。",
        "\r\n".join(["Headline here", "", "The mayor said the bridge is safe.", "A — B."]),
        "1. \n- \n* \n•",
        "..." * 50,
    ],
)
def test_hostile_inputs_never_crash(text: str) -> None:
    data = json.loads(extract_json(text))
    _check_contract(text, data)


def test_five_thousand_short_lines() -> None:
    text = "\n".join(f"Line {i} said Bob." if i % 7 == 0 else f"item {i}" for i in range(5000))
    data = json.loads(extract_json(text))
    _check_contract(text, data)
    assert len(data["claims"]) >= 700


def test_one_megabyte_article() -> None:
    body = "\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))
    text = (body + "\n") * (1_000_000 // (len(body) + 1) + 1)
    assert len(text) >= 1_000_000
    ex = extract(text)
    assert len(ex.claims) > 1000
    for c in ex.claims[:: max(1, len(ex.claims) // 500)]:
        assert text[c.start : c.end] == c.text


def test_module_entry_point_reads_stdin_and_files(tmp_path: Path) -> None:
    text = "Prices rose 3% in May, the ministry said."
    out = subprocess.run(
        [sys.executable, "-m", "factcheck.domain.extraction", "-", "--json"],
        input=text.encode(),
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(out.stdout)
    assert data["claims"][0]["attribution"]["chain"][0]["name"] == "ministry"
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    out2 = subprocess.run(
        [sys.executable, "-m", "factcheck.domain.extraction", str(f), "--json"],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(out2.stdout) == data


def test_to_dict_is_the_json() -> None:
    text = (FIXTURES / "relay_memo.txt").read_text(encoding="utf-8")
    assert json.loads(extract_json(text)) == json.loads(json.dumps(extract(text).to_dict()))
