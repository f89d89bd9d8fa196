"""Cursor pages: the cursor is opaque to clients (base64 of the last row's
sort key), and each page links to the next, in its body and in a Link
header."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from flask import request, url_for

from factcheck.domain.bounds import MAX_ID
from factcheck.services.core.pages import Slice
from factcheck.web.api.problems import INVALID_INPUT, ProblemRaised, problem

BAD_CURSOR = "The cursor is not one this list gave out; start again without it."


def encode_cursor(key: Sequence[Any]) -> str:
    values = [value.isoformat() if isinstance(value, datetime) else value for value in key]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _refuse() -> ProblemRaised:
    return ProblemRaised(problem(422, BAD_CURSOR, type_=INVALID_INPUT, errors=[
        {"location": "query", "field": "cursor", "message": BAD_CURSOR}]))


def _values(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise _refuse() from error
    if not isinstance(values, list):
        raise _refuse()
    return values


def _id(value: Any) -> int:
    if type(value) is not int or not 0 < value <= MAX_ID:
        raise _refuse()
    return value


def id_after(cursor: str | None) -> int | None:
    """The id a list sorted by id carries on after."""
    if cursor is None:
        return None
    values = _values(cursor)
    if len(values) != 1:
        raise _refuse()
    return _id(values[0])


def time_and_id_after(cursor: str | None) -> tuple[datetime, int] | None:
    """The (time, id) a list sorted newest first carries on after."""
    if cursor is None:
        return None
    values = _values(cursor)
    if len(values) != 2 or not isinstance(values[0], str):
        raise _refuse()
    try:
        moment = datetime.fromisoformat(values[0])
    except ValueError as error:
        raise _refuse() from error
    if moment.tzinfo is None:
        raise _refuse()
    return moment.astimezone(UTC), _id(values[1])


def page_body(stretch: Slice[Any], items: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The page as the API sends it, with the address of the next one."""
    following = None
    if stretch.after is not None:
        args = {key: value for key, value in request.args.items() if key != "cursor"}
        following = url_for(str(request.endpoint), **(request.view_args or {}), **args,
                            cursor=encode_cursor(stretch.after), _external=True)
    return {"items": items, "next": following}


def link_header(body: Mapping[str, Any]) -> dict[str, str]:
    return {"Link": f'<{body["next"]}>; rel="next"'} if body["next"] else {}
