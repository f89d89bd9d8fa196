"""The JSON API, version 1, under /api/v1, built with flask-smorest:
marshmallow schemas check what comes in and describe what goes out, and
the same schemas make the OpenAPI 3.1 document at /api/v1/openapi.json.

Requests carry a personal access token (``auth``); errors are problem
documents (``problems``); lists page by cursor (``paging``)."""

from __future__ import annotations

import http
from typing import Any

from apispec import BasePlugin
from flask import Flask, render_template
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from factcheck.extensions import csrf
from factcheck.web.access import public
from factcheck.web.api import articles, claims, exports, sources, verdicts
from factcheck.web.api.base import PREFIX
from factcheck.web.api.problems import PROBLEM_MIMETYPE, PROBLEM_TYPES
from factcheck.web.api.schemas import Problem
from factcheck.web.guards import MAX_ID, BoundedIntConverter

BLUEPRINTS = (articles.bp, claims.bp, verdicts.bp, sources.bp, exports.bp)
DOCS_ENDPOINT = "api-docs.openapi_json"
EXPORT_PATH = PREFIX + "/exports/claims"

API_CONFIG: dict[str, Any] = {
    "API_TITLE": "factcheck API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "security": [{"bearerAuth": []}],
        "info": {"description": "Personal access tokens are made on the account page "
                                "(/account/tokens). Errors are RFC 9457 problem documents."},
    },
}


class ConditionalReads(BasePlugin):
    """Documents what every read does (base._conditional): an ETag on its
    200, If-None-Match honoured with a 304. Streamed downloads excepted."""

    def operation_helper(self, path: str | None = None,
                         operations: dict[str, Any] | None = None, **_: Any) -> None:
        read = (operations or {}).get("get")
        if read is None or path == EXPORT_PATH:
            return
        read.setdefault("parameters", []).append({
            "in": "header", "name": "If-None-Match", "required": False,
            "schema": {"type": "string"},
            "description": "An ETag of an earlier answer: unchanged, it is a 304."})
        responses = read.setdefault("responses", {})
        responses.setdefault("304", {"description": "Not modified: the ETag still holds."})
        for status, response in responses.items():
            if str(status) == "200" and isinstance(response, dict):
                response.setdefault("headers", {})["ETag"] = {
                    "description": "Send it back as If-None-Match.",
                    "schema": {"type": "string"}}


class FactcheckApi(Api):
    """flask-smorest's Api with problem documents for errors: its own
    handler would answer every error in the app, web pages included, in
    its JSON format; ours (``problems.api_aware``) answer API requests only."""

    ERROR_SCHEMA = Problem

    def _register_error_handlers(self) -> None:
        return None

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        default: dict[str, Any] = {"description": "A problem document (RFC 9457).",
                                   "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)


def _openapi_document(api: FactcheckApi) -> Any:
    def openapi_json() -> Any:
        return api._openapi_json()

    return openapi_json


def problem_types() -> str:
    """The page every problem ``type`` points into (/api/v1/problems#refused): what each
    one means and what to do about it. It holds no data: anyone may read it."""
    return render_template("api/problems.html", problem_types=PROBLEM_TYPES)


def register_api(app: Flask) -> None:
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    api = FactcheckApi(app, spec_kwargs={"extra_plugins": [ConditionalReads()]})
    api.spec.components.security_scheme("bearerAuth", {
        "type": "http", "scheme": "bearer",
        "description": "A personal access token: fct_ followed by 56 characters."})
    api.register_converter(BoundedIntConverter, lambda _converter: {
        "type": "integer", "minimum": 0, "maximum": MAX_ID})
    for blueprint in BLUEPRINTS:
        # Bearer tokens only, never cookies: no ambient authority to forge.
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    # The API's description holds no data: anyone may read it.
    app.view_functions[DOCS_ENDPOINT] = public(_openapi_document(api))
    app.add_url_rule(PREFIX + "/problems", "api_problems", public(problem_types))
    app.extensions["factcheck.api"] = api
