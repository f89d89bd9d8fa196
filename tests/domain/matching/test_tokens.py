"""Index terms: noise of posts removed, word forms folded, nothing that
could be read as search syntax."""

from __future__ import annotations

from factcheck.domain.matching.queries import fts5_query, tsquery
from factcheck.domain.matching.ranking import Candidate, IndexStats, rank
from factcheck.domain.matching.tokens import terms


def test_links_handles_and_post_signatures_are_dropped_and_hashtags_split():
    found = terms("Bridge tolls #DoubledOvernight https://t.example/x pic.twitter.com/AbC "
                  "— Mira Vale (@miravale) March 3, 2025")
    assert found[:3] == ["bridg", "toll", "doubl"]
    assert "overnight" in found
    assert not any("http" in term or "miravale" in term or term == "pic" for term in found)
    assert "2025" not in found


def test_word_forms_meet():
    assert terms("vaccines banned") == terms("vaccine ban")
    assert terms("claiming") == terms("claims")


def test_query_syntax_cannot_get_through():
    hostile = terms('ferry" OR * NEAR(a b) -toll) & !bridge | :* \'')
    assert all(term.isalnum() for term in hostile)
    assert fts5_query(hostile).count('"') == 2 * len(set(hostile))
    assert all(part.strip().isalnum() for part in tsquery(hostile).split("|"))


def test_ranking_prefers_the_rare_shared_word_and_similarity_tops_at_one():
    stats = IndexStats(documents=100, average_claim_length=6, average_title_length=6)
    query = terms("Ivermectin cures the flu, state officials claim")
    same = Candidate(1, tuple(query), ())
    rare = Candidate(2, tuple(terms("ivermectin approved for horses")), ())
    common = Candidate(3, tuple(terms("state officials claim budget surplus")), ())
    rarity = {"ivermectin": 2, "cures": 3, "flu": 5, "state": 60, "officials": 50, "claim": 70}
    counts = {terms(word)[0]: documents for word, documents in rarity.items()}
    ranked = rank(query, [common, rare, same], counts, stats)
    assert [item.key for item in ranked] == [1, 2, 3]
    assert ranked[0].similarity == 1.0
    assert ranked[1].similarity > ranked[2].similarity
