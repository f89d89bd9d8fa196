"""Claim kinds and check-worthiness from linguistic features."""

from __future__ import annotations

import pytest

from factcheck.domain.claims import ClaimKind
from factcheck.domain.extraction import extract
from factcheck.domain.extraction.claims import checkworthiness, claim_kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Exports fell 4.2% in September to $51 billion.", ClaimKind.STATISTICAL),
        ("The minister resigned on Tuesday after the vote.", ClaimKind.FACTUAL),
        ("I think we should be proud of this team.", ClaimKind.OPINION),
        ("The bridge will reopen next year.", ClaimKind.PREDICTION),
        ("Why would anyone do that?", ClaimKind.OTHER),
        ("The demands included:", ClaimKind.OTHER),
    ],
)
def test_claim_kind(text: str, kind: ClaimKind) -> None:
    assert claim_kind(text, 0.0, False) is kind


def test_direct_quote_kind() -> None:
    ex = extract('"We will win this fight and we will win it soon," the coach said.')
    assert ex.claims[0].kind is ClaimKind.QUOTE


def test_checkworthiness_orders_concrete_over_rhetoric() -> None:
    concrete = checkworthiness(
        "Unemployment rose from 4.1 percent to 5.3 percent between 2019 and 2021."
    )
    event = checkworthiness("The Senate passed the bill by 52 votes to 48 in March.")
    opinion = checkworthiness("I think we need to do better for our children.")
    thanks = checkworthiness("Thank you very much.")
    question = checkworthiness("What are you going to do about it?")
    assert concrete > 0.8 and event > 0.7
    assert opinion < 0.3 and thanks < 0.2 and question < 0.3
    assert concrete > opinion and event > thanks


def test_checkworthiness_in_unit_interval() -> None:
    for s in ("", "x", "1 2 3 4 5 6 7 8 9 10 " * 20, "!!!"):
        assert 0.0 <= checkworthiness(s) <= 1.0
