"""/api/v1/articles: bring an article in (text, HTML or an address), list
them, read one with its claims."""

from __future__ import annotations

from typing import Any

from flask import current_app

from factcheck.config import settings_of
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.intake import article_intake, articles
from factcheck.services.intake.drafts import draft_from_address
from factcheck.services.intake.extraction_runner import limits_from
from factcheck.services.intake.fetch import policy_of
from factcheck.services.intake.text_input import Draft, draft_from_html, draft_from_paste
from factcheck.web.api import presenters, schemas
from factcheck.web.api.auth import token_requires, token_user
from factcheck.web.api.base import api_blueprint, run_use_case
from factcheck.web.api.paging import link_header, page_body, time_and_id_after

bp = api_blueprint("articles", "Articles and the claims found in them")

ArticlePage = schemas.page_of(schemas.ArticleOut, "ArticlePage")


@bp.route("/articles")
@token_requires(Permission.VIEW_ARTICLES)
@bp.arguments(schemas.ArticleListArgs, location="query")
@bp.response(200, ArticlePage)
def list_articles(args: dict[str, Any]) -> Any:
    """Articles, newest first."""
    stretch = articles.articles_after(
        db.session, token_user(), time_and_id_after(args.get("cursor")),
        search=(args.get("q") or "").strip(), status=args.get("status"), limit=args["limit"])
    body = page_body(stretch, [presenters.article(row) for row in stretch.items])
    return body, 200, link_header(body)


def _draft(args: dict[str, Any]) -> Draft:
    if args.get("fetch_url"):
        draft = draft_from_address(args["fetch_url"], policy_of(
            settings_of(current_app.config)))
    elif args.get("html"):
        draft = draft_from_html(args["html"], args.get("url", ""))
    else:
        draft = draft_from_paste(args["text"])
    # What the caller says wins over what was detected, as on the web form.
    for name in ("title", "outlet", "byline", "url"):
        if args.get(name):
            setattr(draft, name, args[name].strip())
    draft.published = args.get("published") or draft.published
    return draft


@bp.route("/articles", methods=["POST"])
@token_requires(Permission.ADD_ARTICLES)
@bp.arguments(schemas.ArticleIn)
@bp.response(201, schemas.ArticleCreated)
@bp.alt_response(200, schema=schemas.ArticleCreated,
                 description="The same article was already here; nothing was added.")
def create_article(args: dict[str, Any]) -> Any:
    """Bring an article in from text, HTML or an address; its claims and
    source chains are found as on the web."""
    def bring_in() -> articles.Saved:
        draft = _draft(args)
        # Fetched and extracted before any write, as on the web form.
        extraction = article_intake.extract_claims(
            db.session, draft.text, limits_from(settings_of(current_app.config)))
        return articles.create_article(db.session, token_user(), draft, extraction)

    saved = run_use_case(bring_in)
    return ({**presenters.article_with_claims(saved.article), "created": saved.created},
            201 if saved.created else 200)


@bp.route("/articles/<int:article_id>")
@token_requires(Permission.VIEW_ARTICLES)
@bp.response(200, schemas.ArticleDetail)
def get_article(article_id: int) -> Any:
    """One article, its text and its claims."""
    return presenters.article_with_claims(
        articles.article_with_claims(db.session, token_user(), article_id))
