"""Reading a paged list's place from the address."""

from __future__ import annotations

from flask import request


def requested_page() -> int:
    """The page asked for; services hold it within their list's bounds."""
    return request.args.get("page", 1, type=int) or 1


def other_args() -> dict[str, str]:
    """The address's filters without its page, for the pager's links."""
    return {key: value for key, value in request.args.items() if key != "page" and value}
