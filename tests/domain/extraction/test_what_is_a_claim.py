"""What is a claim: subheadings, questions used as subheadings, photo credits,
bylines and sign-offs are not; a date is not a statistic; analysis is opinion and
predictions are predictions."""

from __future__ import annotations

import pytest

from factcheck.domain.claims import ClaimKind
from factcheck.domain.extraction import extract
from factcheck.domain.extraction.claims import claim_kind

LEAD = (
    "An island ferry operator has cancelled all winter crossings after two of its ships "
    "developed engine faults."
)
CAPTION = "A fallen gangway at the northern pier on Tuesday. Photo: Sam Ruiz/Harbour Pictures"
STORY = f"""Ferry operator halts winter crossings
By Tom Ashby

{LEAD}

{CAPTION}

The company said engineers were waiting for parts from Norway.

What happens to deliveries?

Freight will continue on the remaining ship, which carries up to 40 lorries a day.

Timetable changes

The council said it had asked for an emergency meeting.

Photo credit: Island Council

Reporting by Tom Ashby; Editing by Lena Berg
"""


def test_layout_lines_are_not_claims() -> None:
    ex = extract(STORY)
    claims = [c.text for c in ex.claims]
    assert claims == [
        LEAD,
        "The company said engineers were waiting for parts from Norway.",
        "Freight will continue on the remaining ship, which carries up to 40 lorries a day.",
        "The council said it had asked for an emergency meeting.",
    ]
    kinds = {STORY[b.start : b.end]: b.kind for b in ex.blocks}
    assert kinds["What happens to deliveries?"] == "heading"
    assert kinds["Timetable changes"] == "heading"
    assert kinds["Photo credit: Island Council"] == "caption"
    assert kinds[CAPTION] == "caption"


def test_questions_in_a_row_stay_text() -> None:
    text = (
        "Questions for the council\n\nWho pays for the new wall?\nWhen will work start?\n"
        "How many homes are protected?\n\nThe council has not answered any of them."
    )
    claims = [c.text for c in extract(text).claims]
    assert "Who pays for the new wall?" in claims


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The council met on 31/10/2025 at 9:30 a.m. to vote on the plan.", ClaimKind.FACTUAL),
        ("The council met on October 31, 2025, and approved the plan.", ClaimKind.FACTUAL),
        ("The strike began on 2025-10-22 and ended at 6 o'clock on Friday.", ClaimKind.FACTUAL),
        ("Container traffic fell 12 percent in October.", ClaimKind.STATISTICAL),
        ("The port handled 1,240,000 containers, up from 1,100,000.", ClaimKind.STATISTICAL),
        (
            "The collapse of the talks marks a significant failure for the mediators.",
            ClaimKind.OPINION,
        ),
        ("The vote is being seen as a rebuke to the mayor.", ClaimKind.OPINION),
        ("The timing suggests the company knew about the faults.", ClaimKind.OPINION),
        ("The new ferry will enter service next spring.", ClaimKind.PREDICTION),
        ("The operator said the new ferry will enter service in the spring.", ClaimKind.PREDICTION),
        ("The operator cancelled the crossings on Tuesday.", ClaimKind.FACTUAL),
    ],
)
def test_claim_kinds(sentence: str, kind: ClaimKind) -> None:
    assert claim_kind(sentence, 0.0, False) == kind


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Why did you sell the ferries?", "We had no choice after the engine faults."),
        ("What are the repair costs involved?", "Well, nobody has given us a figure yet."),
        ("Was it the engines, or the gearboxes?", "The engines, the engineers told us."),
    ],
)
def test_a_question_in_conversation_stays_text(question: str, answer: str) -> None:
    opening = "Interview with the ferry operator\n\nThe operator spoke to us on Friday."
    text = f"{opening}\n\n{question}\n\n{answer}"
    claims = [c.text for c in extract(text).claims]
    assert question in claims
