"""ClaimReview documents and the publishers' profile checks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from factcheck.domain.claimreview import (
    PublicCorrection,
    Publisher,
    ReviewedClaim,
    claim_review,
    validate,
)
from factcheck.domain.ratings import TruthRating
from factcheck.domain.sources import SourceKind

DESK = Publisher("Harbour Fact Desk", "https://desk.example")


def _item(**changes):
    values = dict(claim_text="The port moved 4.2m tonnes last year", rating=TruthRating.FALSE,
                  review_url="https://desk.example/fact-checks/9",
                  published_at=datetime(2025, 3, 14, 9, 30, tzinfo=UTC),
                  claim_author="Port Authority spokesperson",
                  claim_author_kind=SourceKind.PERSON,
                  article_url="https://news.example/port", article_title="Port strike ends",
                  outlet="Harbour Post", article_published_on=date(2025, 3, 12))
    values.update(changes)
    return ReviewedClaim(**values)


def test_false_verdict_carries_the_house_scale_numbers():
    document = claim_review(_item(), DESK)
    assert document["@context"] == "https://schema.org"
    assert document["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5,
                                        "worstRating": 1, "alternateName": "False"}
    assert document["author"] == {"@type": "Organization", "name": "Harbour Fact Desk",
                                  "url": "https://desk.example"}
    claim = document["itemReviewed"]
    assert claim["author"] == {"@type": "Person", "name": "Port Authority spokesperson"}
    assert claim["appearance"]["url"] == "https://news.example/port"
    assert claim["datePublished"] == "2025-03-12"
    assert document["datePublished"] == "2025-03-14"
    assert "dateModified" not in document
    assert validate(document).ok


def test_unverifiable_has_a_name_but_no_number():
    rating = claim_review(_item(rating=TruthRating.UNVERIFIABLE), DESK)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_corrected_verdict_has_date_modified():
    document = claim_review(_item(modified_at=datetime(2025, 4, 2, tzinfo=UTC)), DESK)
    assert document["dateModified"] == "2025-04-02"


def test_claim_without_a_source_is_authored_by_the_outlet():
    claim = claim_review(_item(claim_author=None, claim_author_kind=None), DESK)["itemReviewed"]
    assert claim["author"] == {"@type": "Organization", "name": "Harbour Post"}


def test_long_claim_is_a_warning_not_an_error():
    findings = validate(claim_review(_item(claim_text="x" * 76), DESK))
    assert findings.ok
    assert any("76 characters" in warning for warning in findings.warnings)
    assert validate(claim_review(_item(claim_text="x" * 75), DESK)).warnings == []


def test_missing_required_fields_are_errors():
    document = claim_review(_item(claim_text=" ", review_url="/fact-checks/9"),
                            Publisher("", "https://desk.example"))
    del document["reviewRating"]["alternateName"]
    errors = " ".join(validate(document).errors)
    for field in ("claimReviewed", "url", "author.name", "alternateName"):
        assert field in errors


def test_rating_value_outside_the_scale_is_an_error():
    document = claim_review(_item(), DESK)
    document["reviewRating"]["ratingValue"] = 9
    assert not validate(document).ok


def test_corrections_ride_along_as_dated_correction_comments():
    fixed = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    document = claim_review(_item(modified_at=fixed, corrections=(
        PublicCorrection(fixed, "Verdict changed (False → Mostly false): new figures."),)), DESK)
    assert document["dateModified"] == "2025-06-02"
    assert document["correction"] == [{
        "@type": "CorrectionComment", "datePublished": "2025-06-02",
        "text": "Verdict changed (False → Mostly false): new figures."}]
    assert validate(document).ok
    assert "correction" not in claim_review(_item(), DESK)
