"""JSON-LD expansion against the schema.org context shipped with the tests:
no network, and a term missing from the context is dropped by expansion,
which ``terms`` lets a test notice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXT_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "schemaorg-context.jsonld"
SCHEMA = "http://schema.org/"


def local_loader(url: str, options: Any = None) -> dict[str, Any]:
    # Only schema.org, and only from the copy shipped with the tests.
    assert url.rstrip("/") in {"https://schema.org", "http://schema.org"}, url
    document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand(document: Any) -> list[dict[str, Any]]:
    return list(jsonld.expand(document, {"documentLoader": local_loader}))


def terms(node: Any) -> int:
    """How many properties a document holds, at every depth."""
    if isinstance(node, dict):
        return sum(0 if key.startswith("@") else 1 + terms(value) for key, value in node.items())
    if isinstance(node, list):
        return sum(terms(item) for item in node)
    return 0
