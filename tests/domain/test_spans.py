"""Spans: selections snap to whole words and never start on punctuation;
nested and crossing claims become nested highlights with every character
shown once."""

from __future__ import annotations

import random
from itertools import pairwise

from factcheck.domain.spans import Nest, nest, snap_to_words

BODY = 'The mayor said ("I never signed it"): the depot closes in May, “officials” say.'


def _snapped(start_text: str, end_text: str) -> str:
    start = BODY.index(start_text)
    end = BODY.index(end_text) + len(end_text)
    begin, finish = snap_to_words(BODY, start, end)
    return BODY[begin:finish]


def test_a_sloppy_selection_widens_to_whole_words():
    assert _snapped("yor sa", "id (") == "mayor said"


def test_leftover_punctuation_of_a_closed_quote_is_dropped_from_the_start():
    assert _snapped('"): the', "depot") == "the depot"


def test_an_opening_quote_before_a_word_stays_and_a_trailing_one_goes():
    assert _snapped('"I never', "it") == '"I never signed it'
    assert _snapped("May,", "“") == "May,"
    assert _snapped("“officials", "say.") == "“officials” say."


def test_punctuation_alone_is_no_selection():
    start = BODY.index('"):')
    begin, finish = snap_to_words(BODY, start, start + 3)
    assert begin == finish


def _flat(pieces: list[Nest], body: str) -> str:
    """The text back, with claims as [id: ...]."""
    out = []
    for piece in pieces:
        if piece.claim_id is None:
            out.append(body[piece.start:piece.end])
        else:
            mark = "+" if piece.continued else ""
            out.append(f"[{mark}{piece.claim_id}:{_flat(list(piece.children), body)}]")
    return "".join(out)


def test_a_claim_inside_another_is_nested_in_it():
    body = "aaa bbb ccc ddd"
    pieces = nest(len(body), [(0, 15, 1), (4, 7, 2)])
    assert _flat(pieces, body) == "[1:aaa [2:bbb] ccc ddd]"
    inner = pieces[0].children[1]
    assert inner.claim_id == 2 and inner.depth == 1


def test_crossing_claims_split_the_later_one_and_show_each_character_once():
    body = "aaa bbb ccc ddd"
    pieces = nest(len(body), [(4, 15, 2), (0, 11, 1)])
    assert _flat(pieces, body) == "[1:aaa [2:bbb ccc]][+2: ddd]"


def test_plain_text_around_and_between_claims_and_spans_cut_to_the_body():
    body = "one two three"
    pieces = nest(len(body), [(4, 7, 5), (8, 99, 6), (3, 3, 7)])
    assert _flat(pieces, body) == "one [5:two] [6:three]"
    assert _flat(nest(len(body), []), body) == body


def _covering_by_brute_force(length: int, spans: list[tuple[int, int, int]]
                             ) -> list[tuple[int, int, list[int]]]:
    """Each stretch between cut points with the claims over it, outermost
    first, found by testing every claim at every stretch."""
    kept = sorted({(max(0, s), min(e, length), c) for s, e, c in spans
                   if min(e, length) > max(0, s)}, key=lambda t: (t[0], -t[1], t[2]))
    cuts = sorted({0, length} | {s for s, _, _ in kept} | {e for _, e, _ in kept})
    return [(left, right, [c for s, e, c in kept if s <= left and e >= right])
            for left, right in pairwise(cuts)]


def _covering_of(pieces: list[Nest], outer: list[int] | None = None
                 ) -> list[tuple[int, int, list[int]]]:
    found: list[tuple[int, int, list[int]]] = []
    for piece in pieces:
        if piece.claim_id is None:
            found.append((piece.start, piece.end, list(outer or [])))
        else:
            found.extend(_covering_of(list(piece.children), [*(outer or []), piece.claim_id]))
    return found


def test_nesting_puts_every_stretch_under_exactly_the_claims_that_cover_it():
    rng = random.Random(20261202)
    for _ in range(300):
        length = rng.randint(1, 80)
        spans = [(rng.randint(-3, length), rng.randint(0, length + 3), claim_id)
                 for claim_id in range(rng.randint(0, 12))]
        assert _covering_of(nest(length, spans)) == _covering_by_brute_force(length, spans)


def test_claims_side_by_side_are_each_one_piece_at_the_top():
    body = "One said this. Two said that. Three."
    pieces = nest(len(body), [(15, 29, 2), (0, 14, 1), (30, 36, 3)])
    assert _flat(pieces, body) == "[1:One said this.] [2:Two said that.] [3:Three.]"
    assert all(piece.depth == 0 and not piece.continued for piece in pieces)
    rng = random.Random(20261203)
    for _ in range(300):
        length, spans, at = rng.randint(1, 200), [], 0
        for claim_id in range(rng.randint(0, 10)):
            start = rng.randint(at, at + 10)
            end = rng.randint(start + 1, start + 20)
            spans.append((start, end, claim_id))
            at = end + rng.randint(0, 1)  # touching claims are side by side too
        found = nest(length, spans)
        assert _covering_of(found) == _covering_by_brute_force(length, spans)
        assert all(piece.depth == 0 and not piece.continued for piece in found)
