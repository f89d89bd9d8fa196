"""Semantic matching's order (reciprocal-rank fusion of the lexical and the
vector rankings) and its similarity (words and meaning of the pair)."""

from __future__ import annotations

import pytest

from factcheck.domain.matching.fusion import combined_similarity, fuse


def test_first_in_both_lists_comes_first_and_ties_go_by_key():
    # 8 and 9 are second and third, once each: a tie, settled by key.
    assert fuse([7, 8, 9], [7, 9, 8]) == [7, 8, 9]


def test_a_document_found_only_by_vector_can_outrank_a_weak_lexical_one():
    keys = fuse([1, 2, 3, 4], [5, 3], k=5, semantic_weight=1.0)
    assert keys.index(3) < keys.index(2)  # both lists beat one
    assert keys.index(5) < keys.index(4)  # first by vector beats fourth by words
    assert set(keys) == {1, 2, 3, 4, 5}


def test_one_list_alone_keeps_its_order_and_ties_go_by_key():
    assert fuse([3, 1, 2], []) == [3, 1, 2]
    assert fuse([2], [1]) == [1, 2]
    assert fuse([], []) == []


def test_similarity_weighs_words_and_meaning_and_stays_between_0_and_1():
    assert combined_similarity(1.0, 1.0) == pytest.approx(1.0)
    assert combined_similarity(0.0, 0.0) == 0.0
    # Meaning weighs more than words: a paraphrase with few shared words
    # scores above a claim that shares words but says something else.
    assert combined_similarity(0.2, 0.8) > combined_similarity(0.8, 0.2)
    assert combined_similarity(0.0, -0.3) == 0.0  # opposite vectors: nothing alike


def test_without_a_vector_the_similarity_is_the_words_alone():
    assert combined_similarity(0.37, None) == pytest.approx(0.37)
