"""Getting an article ready: what a person sees to correct before saving is
what the draft says, else what extraction detects in the text."""

from __future__ import annotations

from datetime import date

import pytest

from factcheck.services.core.errors import ValidationFailed
from factcheck.services.intake.drafts import detected_details, draft_from_address
from factcheck.services.intake.fetch import FetchPolicy
from factcheck.services.intake.text_input import Draft, draft_from_paste
from tests.support.articles import PORT_REOPENS


def test_details_are_detected_in_the_text_when_the_draft_has_none():
    details = detected_details(draft_from_paste(PORT_REOPENS))
    assert (details.title, details.outlet) == ("Port reopens after strike", "Reuters")
    assert details.published is None


def test_what_the_draft_already_says_wins_over_detection():
    draft = Draft(text=PORT_REOPENS, title="Felixstowe back at work", outlet="Harbour Gazette",
                  url="https://gazette.example/port", published=date(2025, 10, 31))
    details = detected_details(draft)
    assert (details.title, details.outlet, details.url, details.published) == (
        "Felixstowe back at work", "Harbour Gazette", "https://gazette.example/port",
        date(2025, 10, 31))


def test_an_address_on_this_machine_is_refused_before_anything_is_fetched():
    with pytest.raises(ValidationFailed):
        draft_from_address("http://127.0.0.1:9/story", FetchPolicy())
