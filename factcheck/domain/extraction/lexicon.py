"""Word lists: inline ones written as plain text, and the data files in ``lexicon/``.

Each data file holds one entry per line (a lemma, or "verb particle" for a two-word cue)
under a header comment that says where the list comes from."""

from __future__ import annotations

from functools import cache
from importlib import resources


def words(text: str) -> list[str]:
    """Whitespace-separated words of a word list."""
    return text.split()


@cache
def load(name: str) -> tuple[str, ...]:
    """The entries of ``lexicon/<name>.txt`` in file order, comments and blanks left out."""
    raw = resources.files(__package__).joinpath("lexicon", f"{name}.txt").read_text("utf-8")
    out: list[str] = []
    for line in raw.splitlines():
        entry = " ".join(line.split("#", 1)[0].split()).lower()
        if entry and entry not in out:
            out.append(entry)
    return tuple(out)
