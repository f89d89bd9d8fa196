"""What every API blueprint shares: JSON bodies only, ETags on reads, and
running a use case the way the web's views do (one service, one commit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE
from sqlalchemy.orm.exc import StaleDataError
from webargs.flaskparser import FlaskParser
from werkzeug.wrappers import Response

from factcheck.extensions import db
from factcheck.services.core.errors import Conflict
from factcheck.web.api.problems import ProblemRaised, problem
from factcheck.web.use_case import CHANGED_MEANWHILE

T = TypeVar("T")

PREFIX = "/api/v1"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class StrictParser(FlaskParser):
    """An unknown query parameter is a 422 naming it, as an unknown body
    field is: a misspelt filter (``stauts=``) must not answer quietly with
    the whole unfiltered list."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE}


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()


def api_blueprint(name: str, description: str) -> Blueprint:
    blueprint = ApiBlueprint(f"api_{name}", __name__, url_prefix=PREFIX, description=description)
    blueprint.before_request(_json_bodies_only)
    blueprint.after_request(_conditional)
    return blueprint


def _json_bodies_only() -> None:
    if request.method in BODY_METHODS and not request.is_json:
        raise ProblemRaised(problem(415, "Send the body as JSON (Content-Type: "
                                         "application/json)."))


def _conditional(response: Response) -> Response:
    """Reads carry an ETag (a digest of the body) and are cacheable only
    after revalidation; If-None-Match with the same tag is a 304 without a
    body. Streamed downloads are left alone (no body to digest)."""
    response.headers.setdefault("Cache-Control", "private, no-cache")
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and not response.is_streamed):
        response.add_etag()
        response.make_conditional(request)
    return response


def run_use_case(use_case: Callable[[], T]) -> T:
    """Call the service and commit once. A refusal (ServiceError) rolls
    back in the error handler and becomes a problem document; a change
    that lost a race is a 409, nothing overwritten."""
    try:
        result = use_case()
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise Conflict(CHANGED_MEANWHILE) from error
    return result
