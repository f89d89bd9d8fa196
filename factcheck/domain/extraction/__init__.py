"""Claim extraction: articles into claims with attribution chains.

Pure domain code (no Flask or SQLAlchemy; attribution reads a spaCy dependency parse, see
``parse.py``, with its word lists in ``lexicon/*.txt``). Entry points:

* ``extract(text, known_sources=()) -> Extraction``
* ``extract_document(text_or_html) -> Extraction`` — a web page is read first
* ``extract_json(text_or_html) -> str`` — the stable ``factcheck extract --json`` contract
* ``canonical_outlet(name)`` and ``normalize_source_name(name)``
"""

from __future__ import annotations

from .model import Attribution, Block, ExtractedClaim, Extraction, Hop, Metadata
from .outlets import canonical_outlet, normalize_source_name
from .pipeline import extract, extract_document, extract_json

__all__ = [
    "Attribution",
    "Block",
    "ExtractedClaim",
    "Extraction",
    "Hop",
    "Metadata",
    "canonical_outlet",
    "extract",
    "extract_document",
    "extract_json",
    "normalize_source_name",
]
