"""History in sentences: what the formatter says for each kind of change,
one entry per change, blind reviews kept blind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factcheck.domain.history import (
    HIDDEN_REVIEWER,
    DiffPiece,
    Event,
    Reader,
    day_groups,
    describe,
    word_diff,
)

PRIYA, OMAR, EDITOR = 1, 2, 3
READER = Reader(names={PRIYA: "Priya Raman", OMAR: "Omar Haddad", EDITOR: "Ines Duarte"},
                visible_reviews=frozenset({10, 11}))
START = datetime(2026, 3, 4, 14, 2, tzinfo=UTC)
_seq = iter(range(1, 10_000))


def event(action: str, actor: int | None, entity: tuple[str, int], *, before=None, after=None,
          at: datetime = START) -> Event:
    return Event(seq=next(_seq), occurred_at=at, actor_id=actor, actor="cli:admin",
                 action=action, entity_type=entity[0], entity_id=str(entity[1]),
                 before=before, after=after)


def review(rating: str | None, *, submitted: bool = True, **extra) -> dict:
    return {"claim_id": 7, "truth_rating": rating, "attribution_rating": "accurate",
            "rationale": "", "submitted": submitted, "evidence": [], **extra}


def sentences(events: list[Event], reader: Reader = READER) -> list[str]:
    return [f"{entry.who} {entry.sentence}" for entry in describe(events, reader)]


def test_a_changed_rating_says_what_it_was():
    said = sentences([
        event("review_submitted", PRIYA, ("review", 10), before=None,
              after=review("true", rationale="Port figures agree.")),
        event("review_submitted", PRIYA, ("review", 10), before=review("true"),
              after=review("mostly_false"), at=START + timedelta(hours=1)),
    ])
    assert said == ["Priya Raman rated it True, attribution accurate",
                    "Priya Raman rated it Mostly false (was True), attribution accurate"]


def test_reviews_the_reader_may_not_see_stay_blind_and_drafts_stay_private():
    entries = describe([
        event("review_saved", OMAR, ("review", 12), after=review("false", submitted=False)),
        event("review_submitted", OMAR, ("review", 12), after=review("false",
                                                                      rationale="secret")),
    ], READER)
    assert len(entries) == 1
    assert entries[0].who == HIDDEN_REVIEWER
    assert "False" not in entries[0].sentence and entries[0].quote == ""


def test_a_reopening_is_one_entry_with_its_reason():
    said = describe([
        event("verdict_reopened", EDITOR, ("claim", 7), before={"status": "published"},
              after={"status": "disputed", "reason": "New port data."}),
        event("claim_status_changed", EDITOR, ("claim", 7), before={"status": "published"},
              after={"status": "disputed", "reason": "New port data."}),
    ], READER)
    assert [(e.who, e.sentence, e.quote) for e in said] == [
        ("Ines Duarte", "reopened it, back to Disputed", "New port data.")]


def test_the_status_a_review_causes_joins_the_review():
    said = sentences([
        event("review_submitted", PRIYA, ("review", 11), after=review("false")),
        event("claim_status_changed", PRIYA, ("claim", 7), before={"status": "in_review"},
              after={"status": "disputed"}),
        event("claim_status_changed", EDITOR, ("claim", 7), before={"status": "disputed"},
              after={"status": "approved"}, at=START + timedelta(minutes=5)),
    ])
    assert said == [
        "Priya Raman rated it False, attribution accurate; the claim is now Disputed",
        "Ines Duarte moved it to Approved (was Disputed)"]


def test_text_changes_are_word_diffs():
    entry = describe([event("claim_updated", PRIYA, ("claim", 7),
                            before={"text": "The port reopened on Friday", "kind": "factual"},
                            after={"text": "The port fully reopened on Monday",
                                   "kind": "factual"})], READER)[0]
    assert entry.sentence == "changed the text"
    assert entry.diff == [DiffPiece("The port ", "same"), DiffPiece("fully ", "added"),
                          DiffPiece("reopened on ", "same"), DiffPiece("Friday", "removed"),
                          DiffPiece("Monday", "added")]
    assert word_diff("same", "same") == [DiffPiece("same", "same")]


def test_sources_by_name_verdicts_corrections_merges_and_splits():
    chain = [[{"source": "Meridian Wire", "source_id": 4}, {"source": "Financial Times"}]]
    said = sentences([
        event("attribution_updated", PRIYA, ("claim", 7), before={"chains": []},
              after={"chains": chain}),
        event("verdict_approved", EDITOR, ("verdict", 5), before={"rating": "true"},
              after={"claim_id": 7, "rating": "mostly_false", "public_rationale": "Because."}),
        event("verdict_published", EDITOR, ("verdict", 5),
              after={"claim_id": 7, "rating": "mostly_false", "correction_note": "Was True."}),
        event("claim_merged", PRIYA, ("claim", 7), before={"text": "Cargo fell"},
              after={"text": "Cargo fell by half", "merged_claim": {"text": "by half"}}),
        event("claim_split", PRIYA, ("claim", 7), before={"text": "Cargo fell by half"},
              after={"text": "Cargo fell", "new_claim": {"text": "by half"}}),
        event("claim_assigned", EDITOR, ("claim", 7), after={"assignee_id": OMAR}),
    ])
    assert said == [
        "Priya Raman changed the sources to Meridian Wire › Financial Times (was no source)",
        "Ines Duarte approved the verdict Mostly false (was True)",
        "Ines Duarte published the verdict Mostly false as a correction",
        "Priya Raman merged the following claim into it",
        "Priya Raman split the claim in two; the second half is its own claim",
        "Ines Duarte assigned it to Omar Haddad",
    ]


def test_unknown_people_keep_their_recorded_label_and_entries_group_by_day():
    entries = describe([
        event("claim_created", None, ("claim", 7), after={"text": "Cargo fell"}),
        event("claim_updated", None, ("claim", 7), before={"kind": "factual"},
              after={"kind": "opinion"}, at=START + timedelta(days=1)),
        event("export_created", EDITOR, ("export", 1)),  # not part of a claim's story
    ], READER)
    assert [e.who for e in entries] == ["cli:admin", "cli:admin"]
    assert entries[1].sentence == "made it Opinion (was Factual)"
    assert [day for day, _ in day_groups(entries)] == ["4 March 2026", "5 March 2026"]
