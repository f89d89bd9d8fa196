"""The article's body with its claims as nested highlights, built in Python.

The article and review pages show every claim of the article (fifty in a
typical one); as a recursive Jinja loop calling a macro and ``url_for`` per
claim this was a third of the page's cost. The markup is the same as the
template made (see ``article_text`` in templates/_claims.html)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from factcheck.domain.ratings import TruthRating
from factcheck.domain.spans import Nest
from factcheck.services.intake.reading import ClaimLine, ReadingView

# Stands for the id while one link is built, then replaced by each row's:
# routing builds the link once per page instead of once per row.
_ID = 987654321012


def link_for_ids(endpoint: str, id_argument: str, **values: Any) -> Callable[[int], str]:
    """``url_for(endpoint, **{id_argument: id}, **values)`` for many ids,
    routed once. An anchor may name the id too: pass it as ``_anchor``
    with ``{id}`` where the id goes."""
    arguments: dict[str, Any] = {id_argument: _ID, **values}
    if "_anchor" in arguments:
        arguments["_anchor"] = arguments["_anchor"].format(id=_ID)
    link = url_for(endpoint, **arguments)
    mark = str(_ID)
    return lambda row_id: link.replace(mark, str(row_id))


def claim_classes(claim: ClaimLine, rating: TruthRating | None) -> str:
    """CSS classes of a claim: kind, status and its current verdict's rating."""
    classes = f"claim kind-{claim.kind.value} status-{claim.status.value}"
    return f"{classes} rating-{rating.value}" if rating else classes


def article_text_html(view: ReadingView, current: int | None = None, review: bool = False,
                      order: str = "position") -> Markup:
    article = view.article
    if review:
        link = link_for_ids("reviews.claim", "claim_id")
    else:
        link = link_for_ids("articles.show", "claim", article_id=article.id, order=order,
                            _anchor="claim-{id}")
    parts = [f'<article class="article-body" id="article-body" data-article-id="{article.id}" '
             'tabindex="0" aria-label="Article text with claims highlighted" '
             'aria-describedby="article-keys">']
    _pieces(parts, view.nested, view, article.body, current, review, link)
    parts.append("</article>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text is escaped above


def _pieces(parts: list[str], pieces: Iterable[Nest], view: ReadingView, body: str,
            current: int | None, review: bool, link: Callable[[int], str]) -> None:
    for piece in pieces:
        if piece.claim_id is None:
            parts.append(str(escape(body[piece.start:piece.end])))
            continue
        claim = view.by_id[piece.claim_id]
        classes = f"{claim_classes(claim, view.ratings.get(claim.id))} depth-{piece.depth}"
        if piece.continued:
            classes += " continued"
        if current == claim.id:
            classes += " selected"
        elif review:
            classes += " faint"
        anchor = "" if piece.continued else f' id="claim-{claim.id}"'
        parts.append(f'<mark class="{classes}"{anchor} data-claim-id="{claim.id}" '
                     f'data-href="{escape(link(claim.id))}" tabindex="-1">')
        _pieces(parts, piece.children, view, body, current, review, link)
        parts.append("</mark>")
