"""Email normalization, so look-alike addresses do not become two accounts."""

from __future__ import annotations

import re
import unicodedata

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")


class InvalidEmailError(ValueError):
    pass


def normalize_email(raw: str) -> str:
    """NFKC-fold (full-width letters become ASCII), lower-case, and refuse
    invisible characters and non-ASCII addresses outright: a newsroom login
    has no need for them, and they are the stuff of look-alike accounts."""
    value = unicodedata.normalize("NFKC", raw).strip().lower()
    if _INVISIBLE.search(value) or not value.isascii():
        raise InvalidEmailError("Email address may contain only plain ASCII characters.")
    if not _EMAIL.match(value):
        raise InvalidEmailError("Enter a valid email address.")
    return value
