"""The token secret's shape and what scopes grant."""

from __future__ import annotations

from factcheck.domain.roles import ROLE_PERMISSIONS, Role
from factcheck.domain.tokens import (
    TokenScope,
    digest_matches,
    format_scopes,
    lookup_of,
    new_secret,
    parse_scopes,
    token_permissions,
)


def test_secrets_are_unique_recognisable_and_checked_by_digest():
    made = {new_secret().secret for _ in range(200)}
    assert len(made) == 200
    one = new_secret()
    assert lookup_of(one.secret) == one.lookup
    assert digest_matches(one.secret, one.digest)
    assert not digest_matches(one.secret + "x", one.digest)
    for wrong in ("", "fct_", "fct_short_x", "ghp_" + one.secret[4:], one.secret + "="):
        assert lookup_of(wrong) is None


def test_scopes_round_trip_and_unknown_words_grant_nothing():
    assert parse_scopes(format_scopes([TokenScope.REVIEW, TokenScope.READ])) == [
        TokenScope.READ, TokenScope.REVIEW]
    assert parse_scopes("read,superuser,") == [TokenScope.READ]


def test_every_scope_together_is_never_more_than_the_role():
    for role in Role:
        assert token_permissions(role, True, list(TokenScope)) <= ROLE_PERMISSIONS[role]
