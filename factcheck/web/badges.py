"""A claim's status badge and a verdict's rating badge, built in Python.

Every claim list draws two per row (the article page fifty, the queues and
the claim list a page of them); as Jinja macros each call cost more than
the rest of its row. The markup is byte for byte what the macros made,
the newlines around each badge included (where a badge is followed
directly by other markup, that newline is the space between them)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def status_badge(claim: Any) -> Markup:
    status = escape(claim.status.value)
    if claim.merged_into_id:
        return Markup(f'\n<span class="badge status-{status} merged">'  # noqa: S704 - escaped
                      f"Merged into #{escape(claim.merged_into_id)}</span>\n")
    return Markup(f'\n<span class="badge status-{status}">'  # noqa: S704 - escaped
                  f"{escape(claim.status.label)}</span>\n")


def verdict_badge(verdict: Any) -> Markup:
    return rating_badge(verdict.rating if verdict else None)


def rating_badge(rating: Any) -> Markup:
    """A verdict's badge from its rating alone (the lists load no verdicts)."""
    if rating is None:
        return Markup("\n\n")
    return Markup(f'\n<span class="badge rating rating-{escape(rating.value)}">'  # noqa: S704
                  f"{escape(rating.label)}</span>\n")
