"""Personal access tokens: their scopes, what each scope permits, and the
secret's shape.

A token never permits more than its owner's role: what it may do is the
permissions of its scopes *and* of the owner's role as it is at the moment
of use, so a role that drops takes the token down with it at once.

The secret is ``fct_`` + a 12-character public id + ``_`` + 43 random
characters (256 bits). The id finds the row; only the SHA-256 of the whole
secret is stored, and the digests are compared in constant time. A secret
this random needs no slow hash: there is nothing to guess from a digest.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.domain.roles import ROLE_PERMISSIONS, Permission, Role

PREFIX = "fct_"
LOOKUP_LENGTH = 12
_SECRET_PATTERN = re.compile(r"^fct_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$")
_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

MAX_NAME_LENGTH = 120
# Tokens end: a forgotten one in a script stops working on its own.
MAX_LIFETIME_DAYS = 366
EXPIRY_CHOICES_DAYS = (7, 30, 90, 366)


class TokenScope(enum.StrEnum):
    READ = "read"
    REVIEW = "review"
    EDIT = "edit"
    DECIDE = "decide"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return SCOPE_LABELS[self]


SCOPE_LABELS = {
    TokenScope.READ: "Read articles, claims, verdicts, sources and exports",
    TokenScope.REVIEW: "Submit reviews",
    TokenScope.EDIT: "Add articles and edit claims and sources",
    TokenScope.DECIDE: "Assign claims and decide verdicts",
    TokenScope.ADMIN: "Manage users and read the audit log",
}

SCOPE_PERMISSIONS: dict[TokenScope, frozenset[Permission]] = {
    TokenScope.READ: frozenset({Permission.VIEW_ARTICLES, Permission.VIEW_HISTORY,
                                Permission.VIEW_DASHBOARD, Permission.EXPORT_REPORTS}),
    TokenScope.REVIEW: frozenset({Permission.REVIEW_CLAIMS}),
    TokenScope.EDIT: frozenset({Permission.ADD_ARTICLES, Permission.EDIT_CLAIMS,
                                Permission.EDIT_SOURCES, Permission.MERGE_SOURCES}),
    TokenScope.DECIDE: frozenset({Permission.DECIDE_VERDICTS, Permission.ASSIGN_CLAIMS}),
    TokenScope.ADMIN: frozenset({Permission.MANAGE_USERS, Permission.VIEW_AUDIT_LOG}),
}
# Importing other fact-checkers' verdicts is in no scope: no token does it
# (deny by default), and editors and admins both hold it, so it would
# offer each a scope of the other's.


def scopes_for_role(role: Role | None) -> list[TokenScope]:
    """The scopes a role may give its tokens: those granting at least one
    permission the role holds (a scope the role has nothing of is refused)."""
    held = ROLE_PERMISSIONS.get(role, frozenset()) if role is not None else frozenset()
    return [scope for scope in TokenScope if SCOPE_PERMISSIONS[scope] & held]


def token_permissions(role: Role | None, active: bool,
                      scopes: Iterable[TokenScope]) -> frozenset[Permission]:
    """What a token may do now: its scopes' permissions that its owner's
    current role still holds; nothing for an inactive owner."""
    if not active or role is None:
        return frozenset()
    granted: set[Permission] = set()
    for scope in scopes:
        granted |= SCOPE_PERMISSIONS[scope]
    return frozenset(granted) & ROLE_PERMISSIONS.get(role, frozenset())


def parse_scopes(text: str) -> list[TokenScope]:
    """The stored form ("read,review") back to scopes; unknown words (a
    scope dropped in a later version) grant nothing."""
    known = {scope.value: scope for scope in TokenScope}
    return [known[word] for word in text.split(",") if word in known]


def format_scopes(scopes: Iterable[TokenScope]) -> str:
    chosen = set(scopes)
    return ",".join(scope.value for scope in TokenScope if scope in chosen)


@dataclass(frozen=True)
class NewSecret:
    secret: str  # shown once, never stored
    lookup: str  # public part: finds the row
    digest: str  # stored


def _random_text(length: int) -> str:
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(length))


def new_secret() -> NewSecret:
    lookup = _random_text(LOOKUP_LENGTH)
    secret = f"{PREFIX}{lookup}_{secrets.token_urlsafe(32)}"
    return NewSecret(secret, lookup, digest_of(secret))


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def lookup_of(secret: str) -> str | None:
    """The public id of a well-formed secret, or None."""
    found = _SECRET_PATTERN.match(secret)
    return found.group(1) if found else None


def digest_matches(secret: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest_of(secret), stored_digest)
