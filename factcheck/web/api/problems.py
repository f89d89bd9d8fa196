"""Errors as ``application/problem+json`` (RFC 9457): type, title, status,
detail, and for invalid input an ``errors`` member naming each field.

Every error under /api/ answers this way, including those no API view
ever sees (an unknown address, a method the address does not take, a body
over the size limit): Flask hands those to the app's error handlers, not
a blueprint's, so ``api_aware`` wraps the app's handlers and sends API
requests here. Web pages keep their HTML error pages."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from factcheck.extensions import db
from factcheck.services.core.errors import ServiceError, ValidationFailed

log = logging.getLogger("factcheck.api")

API_PREFIX = "/api/"
PROBLEM_MIMETYPE = "application/problem+json"
# Problem types beyond a plain HTTP status; "about:blank" otherwise, whose
# title is the status's own phrase (RFC 9457, 4.2.1).
TYPE_BASE = "/api/v1/problems#"
INVALID_INPUT = TYPE_BASE + "invalid-input"
INVALID_TOKEN = TYPE_BASE + "invalid-token"
RATE_LIMITED = TYPE_BASE + "rate-limited"
REFUSED_BY_RULE = TYPE_BASE + "refused"



@dataclass(frozen=True)
class ProblemType:
    """What a client is told at a problem ``type`` address (the page at TYPE_BASE)."""

    anchor: str
    title: str
    status: int
    when: str
    remedy: str


PROBLEM_TYPES = (
    ProblemType(
        "invalid-input", "Invalid input", 422,
        "A field is missing, of the wrong type or out of range, in the body or the query "
        "string. The answer's errors list names each one: location (json, query), field "
        "and message.",
        "Correct the fields listed and send the request again. Nothing was stored."),
    ProblemType(
        "invalid-token", "Invalid token", 401,
        "The Authorization header is missing, is not a Bearer token, or names a token "
        "that is unknown, revoked or expired, or whose owner's account is switched off.",
        "Make a new personal access token on the account page (/account/tokens) and send "
        "it as Authorization: Bearer fct_…"),
    ProblemType(
        "rate-limited", "Too many requests", 429,
        "The token sent more requests in the last minute than the desk allows "
        "(FACTCHECK_API_RATE_LIMIT). Every app server counts against the same limit.",
        "Wait the number of seconds in the Retry-After header, then go on."),
    ProblemType(
        "refused", "Refused by a rule of the desk", 422,
        "The request was well formed, but a rule of the desk does not allow it: for "
        "instance acting on a claim that has already been decided, or linking a claim to "
        "itself. The detail says which rule.",
        "Read the detail; the same request will be refused again until the claim's state "
        "changes. Nothing was stored."),
)

DETAILS = {
    400: "The request could not be read (malformed JSON or a bad value).",
    401: "Send a valid token: Authorization: Bearer fct_…",
    403: "The token, or its owner's role, does not allow this.",
    404: "There is nothing at this address.",
    405: "This address does not take that method.",
    409: "Someone else changed this first; nothing was overwritten.",
    413: "The body is larger than the limit of 10 MB.",
    415: "Send the body as application/json.",
    422: "Some of the input is invalid.",
    429: "Too many requests for this token; wait and try again.",
    500: "The error has been logged. Nothing you sent was half-saved.",
    503: "The database cannot be reached. Try again in a moment.",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, *, type_: str = "about:blank",
            title: str | None = None, errors: list[dict[str, str]] | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    known = HTTPStatus(status) if status in HTTPStatus._value2member_map_ else None
    body: dict[str, Any] = {
        "type": type_,
        "title": title or (known.phrase if known else "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status) or (known.description if known else ""),
    }
    if errors is not None:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class ProblemRaised(HTTPException):
    """Raised from anywhere in an API request to answer with ``response``."""

    def __init__(self, response: Response) -> None:
        super().__init__(response=response)
        self.code = response.status_code


def field_errors(messages: Any, location: str = "", path: str = "") -> Iterator[dict[str, str]]:
    """webargs/marshmallow messages ({"json": {"a": {"0": ["..."]}}}) as a
    flat list: one entry per message, with where and which field."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if not location:
                yield from field_errors(value, str(key), "")
            else:
                name = str(key) if key != "_schema" else ""
                yield from field_errors(value, location,
                                        f"{path}.{name}" if path and name else path or name)
    elif isinstance(messages, list | tuple):
        for item in messages:
            yield from field_errors(item, location, path)
    else:
        yield {"location": location, "field": path, "message": str(messages)}


def _http_problem(error: HTTPException) -> Response:
    if isinstance(error, ProblemRaised) and error.response is not None:
        return error.response  # type: ignore[return-value]
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    for name, value in error.get_headers():
        # What the stock exception says about how to go on (405's Allow).
        if name in ("Allow", "Retry-After", "WWW-Authenticate"):
            headers.setdefault(name, value)
    messages = data.get("messages")
    if messages is not None:
        return problem(status, type_=INVALID_INPUT, errors=list(field_errors(messages)),
                       headers=headers)
    # Our own aborts carry a specific message; Werkzeug's stock ones don't.
    custom = error.description if error.description != type(error).description else None
    return problem(status, custom, headers=headers)


def _service_problem(error: ServiceError) -> Response:
    db.session.rollback()
    # A rule of the desk refused well-formed input: unprocessable, not unreadable.
    status = 422 if isinstance(error, ValidationFailed) else error.status_code
    return problem(status, error.message,
                   type_=REFUSED_BY_RULE if status == 422 else "about:blank")


def _database_problem(error: OperationalError) -> Response:
    with contextlib.suppress(OperationalError):
        db.session.rollback()
    with contextlib.suppress(OperationalError):
        db.session.remove()
    log.error("database unavailable: %s", error.orig.__class__.__name__)
    return problem(503, headers={"Retry-After": "30"})


def api_problem_for(error: BaseException) -> Response:
    if isinstance(error, ServiceError):
        return _service_problem(error)
    if isinstance(error, OperationalError):
        return _database_problem(error)
    if isinstance(error, InternalServerError):
        db.session.rollback()
        log.error("unhandled API error", exc_info=error.original_exception or error)
        return problem(500)
    if isinstance(error, HTTPException):
        return _http_problem(error)
    db.session.rollback()
    log.error("unhandled API error", exc_info=error)
    return problem(500)


Handler = Callable[[Any], Any]


def api_aware(app: Flask) -> None:
    """Wrap every app-level error handler: an API request gets a problem
    document, anything else the handler's HTML page."""
    for by_class in app.error_handler_spec[None].values():
        for exception_class, handler in list(by_class.items()):
            by_class[exception_class] = _dispatching(handler)
    # Errors with no handler of their own still answer API clients in kind.
    for exception_class in (ServiceError, HTTPException, OperationalError):
        if not _handled(app, exception_class):
            app.register_error_handler(exception_class, _dispatching(None))


def _handled(app: Flask, exception_class: type[BaseException]) -> bool:
    return any(exception_class in by_class for by_class in app.error_handler_spec[None].values())


def _dispatching(handler: Handler | None) -> Handler:
    def handle(error: Any) -> Any:
        if is_api_request():
            return api_problem_for(error)
        if handler is None:
            raise error
        return handler(error)

    return handle
