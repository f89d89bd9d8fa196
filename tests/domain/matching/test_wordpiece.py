"""BERT's uncased tokenizer, on a toy vocabulary (the model's own is in
the semantic extra: tests/services/matching/test_semantic.py)."""

from __future__ import annotations

from factcheck.domain.matching.wordpiece import WordPiece, basic_words, word_pieces

VOCABULARY = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "toll", "doubled", "un", "##afford",
              "##able", ",", "!", "cafe", "$", "5"]


def test_words_are_lowercased_unaccented_and_punctuation_stands_alone():
    assert basic_words("The Café's toll, DOUBLED!") == ["the", "cafe", "'", "s", "toll", ",",
                                                         "doubled", "!"]
    assert basic_words("$5\tfare\x00\u200b") == ["$", "5", "fare"]


def test_chinese_characters_are_words_of_their_own():
    assert basic_words("toll收费above") == ["toll", "收", "费", "above"]


def test_pieces_take_the_longest_match_first():
    ids = {token: index for index, token in enumerate(VOCABULARY)}
    assert word_pieces("unaffordable", ids) == ["un", "##afford", "##able"]
    assert word_pieces("unaffordablex", ids) == ["[UNK]"]
    assert word_pieces("x" * 101, ids) == ["[UNK]"]


def test_encoding_wraps_in_cls_and_sep_and_cuts_to_length():
    tokenizer = WordPiece(VOCABULARY)
    assert tokenizer.encode("The toll doubled!", 16) == [2, 4, 5, 6, 11, 3]
    assert tokenizer.encode("The toll doubled!", 4) == [2, 4, 5, 3]
    assert tokenizer.encode("", 8) == [2, 3]
