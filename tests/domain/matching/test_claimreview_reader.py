"""ClaimReview in the shapes publishers hand it out, and what bad records
turn into: a position and a reason, never an exception."""

from __future__ import annotations

import json
from datetime import date

import pytest

from factcheck.domain.matching.claimreview_reader import (
    MAX_BYTES,
    UnreadableFile,
    parse_document,
    read_claimreviews,
)


def review(number: int, **changes: object) -> dict[str, object]:
    item: dict[str, object] = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"https://checkers.example/reviews/{number}",
        "claimReviewed": f"The harbour bridge toll rose {number} percent overnight",
        "headline": f"No, the bridge toll did not rise {number} percent",
        "datePublished": "2025-06-02T10:00:00+02:00",
        "author": {"@type": "Organization", "name": "Coastal Checkers",
                   "url": "https://checkers.example"},
        "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": 5,
                         "worstRating": 1, "alternateName": "False"},
        "itemReviewed": {"@type": "Claim",
                         "author": {"@type": "Person", "name": "Councillor Mira Vale"}},
    }
    item.update(changes)
    return item


def test_a_single_object_gives_every_field():
    result = read_claimreviews(review(7))
    assert result.problems == []
    [record] = result.records
    assert record.review_url == "https://checkers.example/reviews/7"
    assert record.claim_text == "The harbour bridge toll rose 7 percent overnight"
    assert record.publisher_name == "Coastal Checkers"
    assert record.publisher_url == "https://checkers.example"
    assert record.claimant == "Councillor Mira Vale"
    assert record.review_date == date(2025, 6, 2)
    assert (record.rating_text, record.rating_value, record.best_rating,
            record.worst_rating) == ("False", 1.0, 5.0, 1.0)


def test_list_graph_and_datafeed_forms_are_all_read():
    listed = read_claimreviews([review(1), review(2)])
    graph = read_claimreviews({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "About us"}, review(3), review(4)]})
    feed = read_claimreviews({"@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [review(5)]},
        {"@type": "DataFeedItem", "item": review(6)}]})
    assert [r.review_url[-1] for r in listed.records] == ["1", "2"]
    assert [r.review_url[-1] for r in graph.records] == ["3", "4"]
    assert graph.problems == []  # the WebPage is not a ClaimReview, and not an error
    assert [r.review_url[-1] for r in feed.records] == ["5", "6"]
    assert feed.records[1].position == "dataFeedElement[1].item[0]"


def test_fact_check_tools_api_json_is_read():
    api = {"claims": [{
        "text": "Ferries will stop running on Sundays from May",
        "claimant": "A viral post", "claimDate": "2025-04-01T00:00:00Z",
        "claimReview": [{"publisher": {"name": "Island Facts", "site": "islandfacts.example"},
                         "url": "https://islandfacts.example/ferries-sundays",
                         "title": "Sunday ferries are not being cut",
                         "reviewDate": "2025-04-03T00:00:00Z",
                         "textualRating": "Misleading", "languageCode": "en"}]}]}
    [record] = read_claimreviews(api).records
    assert record.claim_text == "Ferries will stop running on Sundays from May"
    assert record.publisher_name == "Island Facts"
    assert record.publisher_url == "https://islandfacts.example"
    assert record.rating_text == "Misleading" and record.rating_value is None
    assert record.claimant == "A viral post"
    assert record.headline == "Sunday ferries are not being cut"
    assert record.review_date == date(2025, 4, 3)


def test_bad_records_are_reported_by_position_and_the_rest_kept():
    result = read_claimreviews([
        review(1),
        review(2, url=None),
        review(3, claimReviewed={"nested": "object"}),
        "just a string",
        review(5, reviewRating={"ratingValue": "very false"}),
        review(6, url="javascript:alert(1)"),
        review(7),
    ])
    assert [r.review_url[-1] for r in result.records] == ["1", "7"]
    problems = {problem.position: problem.message for problem in result.problems}
    assert set(problems) == {"[1]", "[2]", "[3]", "[4]", "[5]"}
    assert "url is missing" in problems["[1]"]
    assert "claimReviewed should be text" in problems["[2]"]
    assert "should be a number" in problems["[4]"]
    assert "http(s)" in problems["[5]"]


def test_markup_in_strings_is_dropped():
    [record] = read_claimreviews(review(
        1, claimReviewed="Taxes <script>alert('x')</script>doubled <b>today</b>")).records
    assert record.claim_text == "Taxes doubled today"


def test_nothing_recognisable_says_what_was_expected():
    result = read_claimreviews({"hello": "world"})
    assert result.records == []
    assert "no ClaimReview found" in result.problems[0].message


def test_unreadable_files_are_refused_whole():
    with pytest.raises(UnreadableFile, match="larger than"):
        parse_document(b" " * (MAX_BYTES + 1))
    with pytest.raises(UnreadableFile, match="nested too deeply"):
        parse_document(b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(UnreadableFile, match="not valid JSON"):
        parse_document(b'{"url": ')
    with pytest.raises(UnreadableFile, match="not UTF-8"):
        parse_document(b"\xff\xfe\x00{")


def test_an_html_page_gives_its_json_ld_blocks():
    page = ("<html><head><script type=\"application/ld+json\">"
            + json.dumps(review(9)) + "</script></head><body>Checked.</body></html>")
    [record] = read_claimreviews(parse_document(page.encode())).records
    assert record.review_url.endswith("/9")
