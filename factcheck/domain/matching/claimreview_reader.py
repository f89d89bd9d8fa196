"""Reading other fact-checkers' ClaimReview markup (schema.org JSON-LD) in
the shapes publishers hand it out: one object, a list, an ``@graph``, a
``DataFeed``, or the JSON of Google's Fact Check Tools API
(``claims[].claimReview[]``).

Pure and defensive: the input is parsed JSON of any shape; every record
either becomes a ``ClaimReviewRecord`` or a ``Problem`` naming where it
sits in the file and what is wrong. Nothing here raises on bad data."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

MAX_RECORDS = 100_000
MAX_TEXT = 5000
MAX_SHORT = 300
MAX_URL = 2048
_SCRIPT = re.compile(r"<(script|style)\b[^>]{0,2000}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,2000}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class ClaimReviewRecord:
    position: str
    review_url: str
    claim_text: str
    publisher_name: str = ""
    publisher_url: str = ""
    headline: str = ""
    claimant: str = ""
    review_date: date | None = None
    rating_text: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None


@dataclass(frozen=True)
class Problem:
    position: str
    message: str


@dataclass
class ReadResult:
    records: list[ClaimReviewRecord]
    problems: list[Problem]


class _Bad(Exception):
    pass


def read_claimreviews(document: Any) -> ReadResult:
    result = ReadResult([], [])
    for position, item in _review_objects(document, result.problems):
        if len(result.records) + len(result.problems) >= MAX_RECORDS:
            result.problems.append(Problem(position, f"more than {MAX_RECORDS} records; "
                                                     "the rest of the file was not read"))
            break
        try:
            result.records.append(_record(position, item))
        except _Bad as error:
            result.problems.append(Problem(position, str(error)))
    if not result.records and not result.problems:
        result.problems.append(Problem("file", "no ClaimReview found (expected a ClaimReview "
                                               "object, a list, @graph, a DataFeed or the Fact "
                                               "Check Tools API's claims list)"))
    return result


def _types(item: dict[str, Any]) -> set[str]:
    raw = item.get("@type", item.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    return {value.rsplit("/", 1)[-1] for value in values if isinstance(value, str)}


def _review_objects(document: Any, problems: list[Problem]
                    ) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield from _from_node(f"[{index}]", item, problems)
        return
    if not isinstance(document, dict):
        problems.append(Problem("file", "the file holds neither a JSON object nor a list"))
        return
    yield from _from_node("", document, problems)


def _from_node(position: str, node: Any, problems: list[Problem]
               ) -> Iterator[tuple[str, dict[str, Any]]]:
    """One level of the known containers; no open-ended recursion, so a
    deeply nested file costs nothing beyond what the JSON parser allowed."""
    where = position or "top level"
    if not isinstance(node, dict):
        problems.append(Problem(where, "not an object"))
        return
    types = _types(node)
    if "ClaimReview" in types or ("claimReviewed" in node and not types):
        yield where, node
        return
    if "@graph" in node:
        yield from _members(f"{position}@graph", node["@graph"], problems, _from_graph_item)
    elif "dataFeedElement" in node:
        yield from _members(f"{position}dataFeedElement", node["dataFeedElement"], problems,
                            _from_feed_element)
    elif "claims" in node:
        yield from _members(f"{position}claims", node["claims"], problems, _from_api_claim)
    elif not position:
        problems.append(Problem(where, "no ClaimReview found (expected a ClaimReview object, "
                                       "a list, @graph, a DataFeed or the Fact Check Tools "
                                       "API's claims list)"))
    elif not types:
        problems.append(Problem(where, "not a ClaimReview (no @type)"))
    # Other typed things (WebPage, Organization...) sit in graphs: not errors.


def _members(position: str, value: Any, problems: list[Problem], each: Any
             ) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(value, list):
        value = [value]
    for index, item in enumerate(value):
        yield from each(f"{position}[{index}]", item, problems)


def _from_graph_item(position: str, item: Any, problems: list[Problem]
                     ) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(item, dict) and _types(item) and "ClaimReview" not in _types(item):
        return  # a WebPage or Organization alongside the reviews
    yield from _from_node(position, item, problems)


def _from_feed_element(position: str, element: Any, problems: list[Problem]
                       ) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(element, dict) and "item" in element:
        yield from _members(f"{position}.item", element["item"], problems, _from_node)
    else:
        yield from _from_node(position, element, problems)


def _from_api_claim(position: str, claim: Any, problems: list[Problem]
                    ) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(claim, dict):
        problems.append(Problem(position, "not an object"))
        return
    reviews = claim.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        problems.append(Problem(position, "claimReview is missing or not a list"))
        return
    for index, review in enumerate(reviews):
        where = f"{position}.claimReview[{index}]"
        if not isinstance(review, dict):
            problems.append(Problem(where, "not an object"))
            continue
        yield where, _from_api_review(claim, review)


def _from_api_review(claim: dict[str, Any], review: dict[str, Any]) -> dict[str, Any]:
    """The API's field names, mapped onto ClaimReview's."""
    publisher = review.get("publisher")
    publisher = publisher if isinstance(publisher, dict) else {}
    site = publisher.get("site")
    return {
        "url": review.get("url"),
        "claimReviewed": claim.get("text"),
        "headline": review.get("title"),
        "datePublished": review.get("reviewDate"),
        "author": {"name": publisher.get("name"),
                   "url": f"https://{site}" if isinstance(site, str) and site else None},
        "reviewRating": {"alternateName": review.get("textualRating")},
        "itemReviewed": {"author": {"name": claim.get("claimant")}},
    }


def _text(value: Any, limit: int, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Bad(f"{field} should be text, found {type(value).__name__}")
    text = _TAG.sub(" ", _SCRIPT.sub(" ", str(value)))
    text = _SPACE.sub(" ", _CONTROL.sub("", text)).strip()
    return text[:limit]


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _name(value: Any, field: str) -> str:
    value = _first(value)
    if isinstance(value, dict):
        return _text(_first(value.get("name")), MAX_SHORT, f"{field}.name")
    return _text(value, MAX_SHORT, field)


def _url(value: Any, field: str, required: bool) -> str:
    url = _text(_first(value), MAX_URL + 1, field)
    if not url:
        if required:
            raise _Bad(f"{field} is missing (the review's address identifies it)")
        return ""
    if len(url) > MAX_URL or not url.lower().startswith(("http://", "https://")) or " " in url:
        raise _Bad(f"{field} is not an http(s) address")
    return url


def _number(value: Any, field: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _Bad(f"{field} should be a number")
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise _Bad(f"{field} should be a number, found {str(value)[:40]!r}") from error
    if not math.isfinite(number):
        raise _Bad(f"{field} should be a finite number")
    return number


def _date(value: Any) -> date | None:
    text = value if isinstance(value, str) else None
    match = _DATE.match(text or "")
    if not match:
        return None  # a missing or odd date loses the date, not the record
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _record(position: str, item: dict[str, Any]) -> ClaimReviewRecord:
    url = _url(item.get("url"), "url", required=True)
    reviewed = item.get("itemReviewed")
    reviewed = _first(reviewed) if isinstance(_first(reviewed), dict) else {}
    claim_text = _text(item.get("claimReviewed"), MAX_TEXT, "claimReviewed") or _text(
        reviewed.get("name") if isinstance(reviewed, dict) else None, MAX_TEXT,
        "itemReviewed.name")
    if not claim_text:
        raise _Bad("claimReviewed is missing (the claim that was checked)")
    author = _first(item.get("author"))
    publisher_url = ""
    if isinstance(author, dict):
        publisher_url = _url(author.get("url"), "author.url", required=False)
    rating = _first(item.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    rating_text = _text(_first(rating.get("alternateName")), MAX_SHORT,
                        "reviewRating.alternateName") or _text(
        _first(rating.get("name")), MAX_SHORT, "reviewRating.name")
    value = _number(rating.get("ratingValue"), "reviewRating.ratingValue")
    if not rating_text and value is None:
        raise _Bad("reviewRating has neither alternateName nor ratingValue")
    claimant = _name(reviewed.get("author"), "itemReviewed.author") \
        if isinstance(reviewed, dict) else ""
    return ClaimReviewRecord(
        position=position, review_url=url, claim_text=claim_text,
        publisher_name=_name(author, "author"), publisher_url=publisher_url,
        headline=_text(item.get("headline") or item.get("name"), MAX_TEXT, "headline"),
        claimant=claimant, review_date=_date(item.get("datePublished")),
        rating_text=rating_text, rating_value=value,
        best_rating=_number(rating.get("bestRating"), "reviewRating.bestRating"),
        worst_rating=_number(rating.get("worstRating"), "reviewRating.worstRating"))


MAX_BYTES = 20 * 1024 * 1024
_LD_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL)


class UnreadableFile(ValueError):
    """The whole file is unusable (too big, not JSON); nothing is imported."""


def parse_document(data: bytes) -> Any:
    """JSON from a file's bytes; from an HTML page, its JSON-LD blocks (as
    a list). Raises UnreadableFile with a sentence a person can act on."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                             "split it into smaller files.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("The file is not UTF-8 text.") from error
    if text.lstrip()[:1] == "<":
        blocks = _LD_SCRIPT.findall(text)
        if not blocks:
            raise UnreadableFile("The page has no ClaimReview markup (no JSON-LD script).")
        return [_loads(block) for block in blocks]
    return _loads(text)


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError as error:
        raise UnreadableFile("The JSON is nested too deeply to be ClaimReview.") from error
    except ValueError as error:
        raise UnreadableFile(f"The file is not valid JSON ({error}).") from error
