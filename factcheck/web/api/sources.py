"""/api/v1/sources: the source registry."""

from __future__ import annotations

from typing import Any

from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.services.sources import registry
from factcheck.web.api import presenters, schemas
from factcheck.web.api.auth import token_requires, token_user
from factcheck.web.api.base import api_blueprint
from factcheck.web.api.paging import id_after, link_header, page_body

bp = api_blueprint("sources", "The source registry")

SourcePage = schemas.page_of(schemas.SourceOut, "SourcePage")


@bp.route("/sources")
@token_requires(Permission.VIEW_ARTICLES)
@bp.arguments(schemas.SourceListArgs, location="query")
@bp.response(200, SourcePage)
def list_sources(args: dict[str, Any]) -> Any:
    """Sources in the order they were added."""
    stretch = registry.sources_after(db.session, token_user(), id_after(args.get("cursor")),
                                     search=(args.get("q") or "").strip(), limit=args["limit"])
    body = page_body(stretch, [presenters.source(row) for row in stretch.items])
    return body, 200, link_header(body)


@bp.route("/sources/<int:source_id>")
@token_requires(Permission.VIEW_ARTICLES)
@bp.response(200, schemas.SourceOut)
def get_source(source_id: int) -> Any:
    return presenters.source(registry.get_source(db.session, token_user(), source_id))
