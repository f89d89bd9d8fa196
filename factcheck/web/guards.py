"""Request-wide guards on input the database cannot take at all."""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

# Primary keys are 32-bit integers on PostgreSQL; a larger id in a URL can
# only be a mistake or a probe, and must be a 404, not a database error.
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map: object, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def refuse_nul_characters() -> None:
    """PostgreSQL cannot store NUL in text. Refuse it for every form and
    query in one place, with a clear message, before anything is written."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400, description="The request contains NUL characters, which are not "
                                       "allowed in text.")
