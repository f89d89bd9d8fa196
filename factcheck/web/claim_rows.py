"""The article page's claim list, one row per claim, built in Python.

A typical article lists fifty claims; as a Jinja loop each row called two
badge functions, a filter and an included template (the "already checked"
badge), and that loop was over half of the article page's CPU. The rows
read as the loop made them; ``templates/matching/_list_badge.html`` stays
the one place the badge's markup is written for other lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import current_app
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from factcheck.services.intake.reading import ClaimLine, ReadingView
from factcheck.services.matching.suggestions import ClaimSuggestions
from factcheck.web.badges import rating_badge, status_badge
from factcheck.web.highlights import claim_classes


def truncated(text: str, length: int) -> str:
    """Jinja's ``truncate`` filter (whole words, "..."), called directly
    rather than through the template runtime for each row."""
    return do_truncate(current_app.jinja_env, text, length)


def match_badge(claim_id: int, matches: ClaimSuggestions) -> str:
    found = matches.found.get(claim_id)
    if found:
        best = found[0]
        kind = " match-same" if best.likely_same else ""
        label = "Likely already checked" if best.likely_same else "Similar claim checked"
        return (f'<span class="badge match-badge{kind}" '
                f'title="{escape(best.publisher)}: {escape(best.rating)}">{label}</span>')
    if claim_id in matches.in_progress:
        return '<span class="badge match-pending">Matching…</span>'
    return ""


def article_claim_rows(claims: Iterable[ClaimLine], view: ReadingView, matches: ClaimSuggestions,
                       link: Callable[[int], str]) -> Markup:
    """``<li>`` per claim: its text linking to it on the page, status and
    verdict badges, its first chain's sources, whether it was checked
    before. Empty when there are no claims (the template says so)."""
    rows: list[str] = []
    for claim in claims:
        rating = view.ratings.get(claim.id)
        names = view.first_sources.get(claim.id)
        sources = ("" if names is None
                   else f'<span class="list-source">{escape(" › ".join(names))}</span>')
        rows.append(
            f'<li class="{claim_classes(claim, rating)}-item">'
            f'<a href="{escape(link(claim.id))}">{escape(truncated(claim.text, 140))}</a>'
            f'<span class="list-meta">{status_badge(claim)} '
            f"{rating_badge(rating)} {sources} "
            f"{match_badge(claim.id, matches)}</span></li>\n")
    return Markup("".join(rows))  # noqa: S704 - every piece of text is escaped above
