"""Helper for word lists written as plain text."""

from __future__ import annotations


def words(text: str) -> list[str]:
    """Whitespace-separated words of a word list."""
    return text.split()
