"""The sentence splitter: abbreviations, initials, quotes, exact offsets."""

from __future__ import annotations

import pytest

from factcheck.domain.extraction.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sen. John Smith met U.S. officials. The talks ended.",
            ["Sen. John Smith met U.S. officials.", "The talks ended."],
        ),
        (
            "He moved to the U.S. The President acted. He met U.S. President Trump.",
            ["He moved to the U.S.", "The President acted.", "He met U.S. President Trump."],
        ),
        (
            "It rose to No. 5 on Oct. 31. J. K. Rowling wrote it.",
            ["It rose to No. 5 on Oct. 31.", "J. K. Rowling wrote it."],
        ),
        (
            '"Why?" she asked. "Because." Then he left.',
            ['"Why?" she asked.', '"Because."', "Then he left."],
        ),
        (
            "Revenue was $3.5 million at Acme Inc. The firm said so.",
            ["Revenue was $3.5 million at Acme Inc.", "The firm said so."],
        ),
        (
            "Talks resumed — briefly — on Monday. Dr. Lee, e.g. a skeptic, left.",
            ["Talks resumed — briefly — on Monday.", "Dr. Lee, e.g. a skeptic, left."],
        ),
        ("the end.\nA new line", ["the end.", "A new line"]),
        ("no capital after this. so it goes on.", ["no capital after this. so it goes on."]),
    ],
)
def test_splits(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_offsets_are_exact_and_trimmed() -> None:
    text = "  First one.   Second one!  "
    spans = split_sentences(text)
    assert spans == [(2, 12), (15, 26)]
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one!"]


def test_range_arguments() -> None:
    text = "Skip this. Keep this. And this."
    assert [text[a:b] for a, b in split_sentences(text, 11, len(text))] == [
        "Keep this.",
        "And this.",
    ]


def test_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n  ") == []


def test_only_the_first_pieces_of_a_run_on_are_read_for_sources():
    from factcheck.domain.extraction import extract
    from factcheck.domain.extraction.sentences import ANALYSED_PIECES, MAX_SENTENCE

    phrase = "the port authority said the eastern quay would close "
    text = "Officials " + phrase * (MAX_SENTENCE * 5 // len(phrase))
    claims = extract(text).claims
    assert len(claims) > ANALYSED_PIECES  # every piece is still a claim with exact offsets
    assert all(text[c.start:c.end] == c.text for c in claims)
    attributed = [c for c in claims if c.attribution and c.attribution.chain]
    assert attributed and len(attributed) <= ANALYSED_PIECES
