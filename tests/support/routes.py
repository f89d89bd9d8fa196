"""Walk the URL map: every route, with placeholder arguments filled in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import IntegerConverter, PathConverter

PUBLIC_ENDPOINTS = {"auth.login", "static", "home.health", "public.index", "public.show",
                    "public.atom", "public.data_feed", "api-docs.openapi_json", "api_problems"}


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: str


def _placeholder(converter: object) -> str:
    if isinstance(converter, IntegerConverter):
        return "1"
    if isinstance(converter, PathConverter):
        return "css/app.css"
    return "x"


def all_routes(app: Flask, *, api: bool = False) -> Iterator[Route]:
    """The web's routes, or with ``api`` the JSON API's (/api/...), which
    answer tokens rather than sessions and are swept by tests/web/api."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") != api:
            continue
        values = {name: _placeholder(conv)
                  for name, conv in rule._converters.items()}
        path = rule.build(values, append_unknown=False)
        assert path is not None
        url = path[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield Route(rule.endpoint, method, url)
