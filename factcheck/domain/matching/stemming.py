"""A light English suffix stripper: enough to meet "vaccines" and
"vaccine", "banned" and "ban", "claiming" and "claim". It folds word
forms together for matching only; the stems are never shown."""

from __future__ import annotations

import re

_VOWEL = re.compile(r"[aeiouy]")
_DOUBLE_END = re.compile(r"([bdfgmnprt])\1$")

# Longest first; each (suffix, replacement, shortest stem kept).
_SUFFIXES: tuple[tuple[str, str, int], ...] = (
    ("ational", "ate", 3), ("ization", "ize", 3), ("fulness", "ful", 3),
    ("iveness", "ive", 3), ("ousness", "ous", 3), ("ements", "", 4), ("ement", "", 4),
    ("ations", "ate", 3), ("ation", "ate", 3), ("ments", "", 4), ("ment", "", 4),
    ("ities", "", 4), ("ity", "", 4), ("ingly", "", 3), ("edly", "", 3),
    ("ness", "", 3), ("ings", "", 3), ("ing", "", 3), ("ies", "y", 2), ("ied", "y", 2),
    ("ers", "", 3), ("er", "", 3), ("ly", "", 3), ("ed", "", 3), ("es", "", 3),
    ("s", "", 3),
)
# Words whose ending only looks like a suffix.
_KEEP = frozenset({"news", "this", "his", "has", "was", "is", "us", "bus", "gas", "yes",
                   "series", "species", "always", "during", "thing", "nothing",
                   "something", "anything", "everything", "king", "ring", "sing",
                   "bring", "spring", "string", "wing", "ceiling", "being"})


def stem(word: str) -> str:
    if len(word) <= 3 or word in _KEEP or not word.isalpha():
        return word
    for suffix, replacement, shortest in _SUFFIXES:
        if not word.endswith(suffix):
            continue
        base = word[: len(word) - len(suffix)]
        if len(base) < shortest or not _VOWEL.search(base):
            continue
        if suffix in ("es",) and not base.endswith(("s", "x", "z", "ch", "sh")):
            # "cases" -> "case", not "cas"; "taxes" -> "tax".
            base, replacement = word[:-1], ""
        if suffix == "s" and base.endswith(("s", "u", "i")):
            return word  # "glass", "virus", "analysis"
        stemmed = base + replacement
        if suffix in ("ing", "ed", "ings", "edly", "ingly") and _DOUBLE_END.search(stemmed):
            stemmed = stemmed[:-1]  # "banned" -> "ban"
        elif suffix in ("ing", "ed", "ings", "edly", "ingly", "er", "ers") \
                and stemmed.endswith("e") is False and len(stemmed) >= 3 \
                and stemmed[-1] not in "aeiouwxy" and stemmed[-2] in "aeiou" \
                and stemmed[-3] not in "aeiou" and len(stemmed) <= 4:
            stemmed += "e"  # "hoped" -> "hope", "taking" -> "take"
        return _fold_final_e(stemmed)
    return _fold_final_e(word)


def _fold_final_e(word: str) -> str:
    # "vaccine"/"vaccinated" both end as "vaccin": the silent e carries no meaning here.
    if len(word) > 4 and word.endswith("e"):
        return word[:-1]
    return word
