"""Reciprocal-rank fusion of the lexical and the vector rankings."""

from __future__ import annotations

import pytest

from factcheck.domain.matching.fusion import fuse


def test_first_in_both_lists_is_similarity_one():
    fused = fuse([7, 8, 9], [7, 9, 8])
    assert fused[0].key == 7 and fused[0].similarity == pytest.approx(1.0)
    # 8 and 9 are second and third, once each: a tie, settled by key.
    assert [item.key for item in fused] == [7, 8, 9]
    assert fused[1].similarity == pytest.approx(fused[2].similarity)


def test_a_document_found_only_by_vector_can_outrank_a_weak_lexical_one():
    fused = fuse([1, 2, 3, 4], [5, 3], k=5, semantic_weight=1.0)
    keys = [item.key for item in fused]
    assert keys.index(3) < keys.index(2)  # both lists beat one
    assert keys.index(5) < keys.index(4)  # first by vector beats fourth by words
    assert set(keys) == {1, 2, 3, 4, 5}


def test_one_list_alone_keeps_its_order_and_ties_go_by_key():
    assert [item.key for item in fuse([3, 1, 2], [])] == [3, 1, 2]
    assert [item.key for item in fuse([2], [1])] == [1, 2]
    assert fuse([], []) == []
