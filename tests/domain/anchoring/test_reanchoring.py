"""Re-anchoring claims in a new revision: each outcome, style changes,
repeated sentences, and never the same-text verdict on the wrong words."""

from __future__ import annotations

from factcheck.domain.anchoring import Anchor, Outcome, reanchor, word_diff
from factcheck.domain.anchoring.words import Change

STORY = (
    "Ferry line cuts winter crossings\n\n"
    "The Harwick ferry company will run 14 crossings a day from January, "
    "down from 22, its operator said on Tuesday.\n\n"
    "Passenger numbers fell by a third last winter, according to port figures.\n\n"
    "\u201cWe cannot sail empty boats,\u201d said the operator's chief executive, Ines Marlow.\n\n"
    "The council said it would review the subsidy in March. "
    "No date was set for the review."
)

SENTENCES = [
    "The Harwick ferry company will run 14 crossings a day from January, "
    "down from 22, its operator said on Tuesday.",
    "Passenger numbers fell by a third last winter, according to port figures.",
    "\u201cWe cannot sail empty boats,\u201d said the operator's chief executive, Ines Marlow.",
    "The council said it would review the subsidy in March.",
    "No date was set for the review.",
]


def anchors(body: str = STORY, quotes: list[str] = SENTENCES) -> list[Anchor]:
    out = []
    for quote in quotes:
        start = body.index(quote)
        end = start + len(quote)
        out.append(Anchor(quote, body[max(0, start - 32):start], body[end:end + 32], start, end))
    return out


def outcomes(new_body: str, body: str = STORY) -> list[Outcome]:
    return [found.outcome for found in reanchor(body, new_body, anchors(body))]


def test_the_same_text_leaves_every_claim_unchanged():
    results = reanchor(STORY, STORY, anchors())
    assert [r.outcome for r in results] == [Outcome.UNCHANGED] * 5
    assert all(STORY[r.start:r.end] == q for r, q in zip(results, SENTENCES, strict=True))


def test_a_paragraph_inserted_above_moves_the_claims_below():
    new = STORY.replace("Passenger numbers",
                        "Unions called the cut a betrayal.\n\nPassenger numbers")
    results = reanchor(STORY, new, anchors())
    assert [r.outcome for r in results] == [Outcome.UNCHANGED] + [Outcome.MOVED] * 4
    for result, quote in zip(results, SENTENCES, strict=True):
        assert new[result.start:result.end] == quote


def test_a_changed_number_is_a_changed_claim_with_its_new_text():
    new = STORY.replace("fell by a third", "fell by a quarter")
    result = reanchor(STORY, new, anchors())[1]
    assert result.outcome is Outcome.CHANGED
    assert result.text == ("Passenger numbers fell by a quarter last winter, "
                           "according to port figures.")
    assert new[result.start:result.end] == result.text
    assert outcomes(new) == [Outcome.UNCHANGED, Outcome.CHANGED] + [Outcome.MOVED] * 3


def test_a_deleted_sentence_is_lost():
    new = STORY.replace("No date was set for the review.", "").rstrip()
    assert outcomes(new)[4] is Outcome.LOST
    new = STORY.replace("The council said it would review the subsidy in March. ", "")
    assert outcomes(new)[3:] == [Outcome.LOST, Outcome.MOVED]


def test_a_rewritten_sentence_is_changed_not_lost():
    new = STORY.replace(SENTENCES[1], "Port figures show a third fewer passengers "
                                      "travelled last winter.")
    result = reanchor(STORY, new, anchors())[1]
    assert result.outcome is Outcome.CHANGED
    assert result.text == "Port figures show a third fewer passengers travelled last winter."


def test_rewrapped_lines_and_straight_quotes_count_as_moved():
    new = STORY.replace("\u201c", '"').replace("\u201d", '"').replace(
        "a day from January, ", "a day from January,\n   ")
    results = reanchor(STORY, new, anchors())
    assert [r.outcome for r in results] == [
        Outcome.MOVED, Outcome.MOVED, Outcome.MOVED, Outcome.MOVED, Outcome.MOVED]
    assert results[0].text == ("The Harwick ferry company will run 14 crossings a day from "
                               "January,\n   down from 22, its operator said on Tuesday.")
    assert results[2].text.startswith('"We cannot sail')


def test_reordered_paragraphs_move_their_claims():
    paragraphs = STORY.split("\n\n")
    new = "\n\n".join([paragraphs[0], paragraphs[4], paragraphs[2], paragraphs[1], paragraphs[3]])
    results = reanchor(STORY, new, anchors())
    assert all(r.outcome is Outcome.MOVED for r in results)
    assert all(new[r.start:r.end] == q for r, q in zip(results, SENTENCES, strict=True))


def test_a_typo_fix_far_from_any_context_is_found_approximately():
    body = "Budget talks stalled again. " + SENTENCES[0] + " Talks resume Monday."
    quotes = [SENTENCES[0]]
    found = anchors(body, quotes)[0]
    # Both neighbours rewritten too: only the approximate search is left.
    new = ("Negotiators left without a deal. "
           + SENTENCES[0].replace("crossings", "crosings") + " More talks are planned.")
    result = reanchor(body, new, [found])[0]
    assert result.outcome is Outcome.CHANGED
    assert result.text == SENTENCES[0].replace("crossings", "crosings")


def test_a_repeated_sentence_follows_its_own_context():
    body = ("Rail strike called. The union declined to comment. Bus drivers vote on Friday. "
            "The union declined to comment.")
    repeated = "The union declined to comment."
    first, second = body.index(repeated), body.rindex(repeated)
    claims = [
        Anchor(repeated, body[max(0, first - 32):first], body[first + 30:first + 62], first,
               first + 30),
        Anchor(repeated, body[second - 32:second], "", second, second + 30),
    ]
    new = body.replace("Rail strike called. The union declined to comment. ",
                       "Rail strike called. ")
    first_result, second_result = reanchor(body, new, claims)
    # The first copy is gone; the second must not be handed to the first claim.
    assert first_result.outcome is Outcome.LOST
    assert second_result.outcome is Outcome.MOVED
    assert second_result.start == new.rindex(repeated)


def test_a_repeated_sentence_without_telling_context_is_not_placed_with_certainty():
    body = "Officials said so. Officials said so."
    claims = [Anchor("Officials said so.", "", " Officials said so.", 0, 18)]
    new = "Officials said so. Officials said so. Officials said so."
    result = reanchor(body, new, claims)[0]
    # Two copies agree with the context equally: a person decides.
    assert not result.same_text


def test_an_unrelated_replacement_is_lost_not_changed():
    new = STORY.replace(SENTENCES[1], "Gulls nest on the pier roof every spring now.")
    assert outcomes(new)[1] is Outcome.LOST


def test_an_empty_quote_is_lost():
    assert reanchor("abc", "abc", [Anchor("  ", "", "", 0, 2)])[0].outcome is Outcome.LOST


def test_word_diff_marks_removed_and_added_words():
    pieces = word_diff("fell by a third last winter", "fell by a quarter last winter")
    assert [(p.change, p.text) for p in pieces] == [
        (Change.SAME, "fell by a "), (Change.REMOVED, "third"), (Change.ADDED, "quarter"),
        (Change.SAME, " last winter")]


def test_folded_offsets_map_back_through_collapsed_whitespace():
    from factcheck.domain.anchoring.normalized import Normalized

    body = "One  two\n\n\tthree four"
    folded = Normalized.of(body)
    assert folded.text == "One two three four"
    three = folded.text.index("three")
    assert folded.span(three, three + 5) == (body.index("three"), body.index("three") + 5)
    assert folded.folded_offset(body.index("three")) == three
    assert folded.folded_offset(body.index("\n")) == folded.text.index(" three")
    assert folded.folded_offset(body.index("\t")) == three
    assert folded.span(len(folded.text), len(folded.text)) == (len(body), len(body))


def test_a_sentence_reworded_in_place_is_changed():
    new = STORY.replace(SENTENCES[1], "According to port figures, last winter passenger "
                                      "numbers were down by a third.")
    assert outcomes(new)[1] is Outcome.CHANGED
