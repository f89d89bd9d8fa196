"""Transcripts: a speaker's label speaks for their turn; look-alike labels do not."""

from __future__ import annotations

from factcheck.domain.extraction import ExtractedClaim, Extraction, extract

DEBATE = """Transcript: Millbrook mayoral debate

By Dana Whitfield

October 3, 2026

MODERATOR: Good evening and welcome to the first debate between Mayor Alice Okafor and \
councillor Tom Brandt.

OKAFOR: Thank you. Under my leadership, burglaries in Millbrook fell by 18 percent last year. \
I think we hired 35 new officers.

BRANDT: That is simply not true. The county audit found that burglaries rose in three of \
the city's five wards.

OKAFOR: The audit counted attempted break-ins twice.

Fact box

The city has about 90,000 residents.
"""


def _claim(ex: Extraction, starts: str) -> ExtractedClaim:
    found = [c for c in ex.claims if c.text.startswith(starts)]
    assert len(found) == 1, [c.text for c in ex.claims]
    return found[0]


def _sources(c: ExtractedClaim) -> list[str]:
    return [h.name for h in c.attribution.chain] if c.attribution else []


def test_each_sentence_of_a_turn_is_its_speakers_claim() -> None:
    ex = extract(DEBATE)
    stat = _claim(ex, "Under my leadership, burglaries")
    # the label (a surname) as the text names her in full
    assert _sources(stat) == ["Mayor Alice Okafor"]
    assert _sources(_claim(ex, "That is simply not true.")) == ["Tom Brandt"]
    assert _sources(_claim(ex, "The audit counted")) == ["Mayor Alice Okafor"]
    assert _sources(_claim(ex, "Good evening")) == ["Moderator"]


def test_the_label_is_not_part_of_the_claim_and_offsets_round_trip() -> None:
    ex = extract(DEBATE)
    assert not any(c.text.startswith(("OKAFOR", "BRANDT", "MODERATOR")) for c in ex.claims)
    for c in ex.claims:
        assert DEBATE[c.start : c.end] == c.text


def test_i_in_a_turn_is_the_speaker_and_what_they_relay_keeps_its_source() -> None:
    ex = extract(DEBATE)
    assert _sources(_claim(ex, "I think we hired")) == ["Mayor Alice Okafor"]
    relayed = _sources(_claim(ex, "The county audit found"))
    assert relayed[0] == "Tom Brandt" and any("audit" in s for s in relayed[1:])


def test_a_byline_over_a_transcript_is_not_its_source() -> None:
    ex = extract(DEBATE)
    assert all("Dana Whitfield" not in _sources(c) for c in ex.claims)


def test_a_heading_ends_the_transcript() -> None:
    ex = extract(DEBATE)
    assert _sources(_claim(ex, "The city has about 90,000")) == []


NOT_TRANSCRIPTS = [
    # a dateline and a fact box
    """Council approves harbour levy

LONDON: The council approved a harbour levy on Monday, officials said.

Budget: $4 million over two years.
Timeline: work starts in May.
""",
    # a list of places, each named once
    """Where to stay on the islands

North Isle: quiet beaches and two small hotels that fill up in August.

South Isle: the ferry port, with most of the restaurants.

East Isle: a nature reserve that closes to visitors in spring.
""",
    # a timeline: dates and days head its lines
    """How the strike unfolded

May 5: Dock workers walked out over the new shift rota.

June 12: The port authority offered a 4 percent raise.

Monday morning: Talks resumed at the labour ministry.

June 12: Both sides signed the deal.
""",
    # standing labels of news copy
    """Bridge to reopen next week

Update: The transport ministry moved the date forward on Friday.

The bridge has been closed since a barge struck it in June.

Photo: The bridge seen from the north bank.

Correction: An earlier version misstated the length of the closure.
""",
]


def test_look_alike_labels_make_no_speakers() -> None:
    for text in NOT_TRANSCRIPTS:
        ex = extract(text)
        names = {s for c in ex.claims for s in _sources(c)}
        assert not names & {
            "London",
            "Budget",
            "Timeline",
            "North Isle",
            "South Isle",
            "East Isle",
            "Update",
            "Photo",
            "Correction",
            "May",
            "June",
            "Monday Morning",
        }, names
        assert not any(name.startswith(("May", "June", "Monday")) for name in names), names


def test_an_interview_with_named_turns() -> None:
    text = """Interview: the port's new director

Harbour Weekly: What changes first?

Lena Markovic: We will open the night shift in January. Cargo volumes grew 9 percent this year.

Harbour Weekly: And the dredging?

Lena Markovic: The dredging contract is signed.
"""
    ex = extract(text)
    assert _sources(_claim(ex, "Cargo volumes grew")) == ["Lena Markovic"]
    assert _sources(_claim(ex, "The dredging contract")) == ["Lena Markovic"]


def test_a_name_that_is_also_a_month_or_a_day_still_speaks() -> None:
    text = """Transcript: the budget hearing

CHAIR: The committee will now hear from the minister.

Theresa May: Spending on roads rose by 6 percent this year.

CHAIR: And next year?

Theresa May: It will stay at this level.
"""
    ex = extract(text)
    assert _sources(_claim(ex, "Spending on roads rose")) == ["Theresa May"]
    assert _sources(_claim(ex, "It will stay")) == ["Theresa May"]


def test_a_timeline_whose_days_are_qualified_makes_no_speakers() -> None:
    text = """How the storm crossed the coast

LAST FRIDAY: The weather service warned of gusts above 120 km/h.

TUESDAY NIGHT: The harbour closed to all shipping.

EARLY WEDNESDAY: Power failed in 40,000 homes.

ON THURSDAY: The ferries ran again.
"""
    ex = extract(text)
    assert not {s for c in ex.claims for s in _sources(c)}
