"""BERT's uncased tokenizer (basic splitting, then WordPiece), so the
sentence encoder needs nothing but its vocabulary file: the same pieces as
Hugging Face's BertTokenizer with do_lower_case, for the model's ids."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

MAX_WORD_CHARACTERS = 100


def _is_control(character: str) -> bool:
    if character in "\t\n\r":
        return False
    return unicodedata.category(character).startswith("C")


def _is_punctuation(character: str) -> bool:
    code = ord(character)
    # ASCII symbols such as $ and ^ are not Unicode punctuation; BERT splits them too.
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(character).startswith("P")


def _is_cjk(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F
            or 0x2B820 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF
            or 0x2F800 <= code <= 0x2FA1F)


def basic_words(text: str) -> list[str]:
    """Lower-cased, accent-stripped words with each punctuation mark and
    CJK character on its own."""
    cleaned: list[str] = []
    for character in text:
        code = ord(character)
        if code in (0, 0xFFFD) or _is_control(character):
            continue
        if character.isspace() or unicodedata.category(character) == "Zs":
            cleaned.append(" ")
        elif _is_cjk(code):
            cleaned.extend((" ", character, " "))
        else:
            cleaned.append(character)
    words: list[str] = []
    for token in "".join(cleaned).split():
        decomposed = unicodedata.normalize("NFD", token.lower())
        current: list[str] = []
        for character in decomposed:
            if unicodedata.category(character) == "Mn":
                continue
            if _is_punctuation(character):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(character)
            else:
                current.append(character)
        if current:
            words.append("".join(current))
    return words


def word_pieces(word: str, vocabulary: Mapping[str, int], unknown: str = "[UNK]") -> list[str]:
    """Greedy longest-match pieces; a word that cannot be spelled from the
    vocabulary becomes one unknown token, as in BERT."""
    if len(word) > MAX_WORD_CHARACTERS:
        return [unknown]
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocabulary:
                found = piece
                break
            end -= 1
        if found is None:
            return [unknown]
        pieces.append(found)
        start = end
    return pieces


class WordPiece:
    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.ids = {token: index for index, token in enumerate(vocabulary)}
        self.cls, self.sep = self.ids["[CLS]"], self.ids["[SEP]"]

    def encode(self, text: str, max_length: int) -> list[int]:
        """Token ids with [CLS] and [SEP], cut to ``max_length`` in all."""
        ids: list[int] = []
        for word in basic_words(text):
            ids.extend(self.ids[piece] for piece in word_pieces(word, self.ids))
            if len(ids) >= max_length - 2:
                break
        return [self.cls, *ids[:max_length - 2], self.sep]
