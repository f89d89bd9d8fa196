"""Making and revoking one's own tokens: within the role, named, ending,
shown once and kept only as a digest."""

from __future__ import annotations

from datetime import timedelta

import pytest

from factcheck.domain.roles import Permission, Role
from factcheck.domain.tokens import (
    TokenScope,
    digest_of,
    lookup_of,
    scopes_for_role,
    token_permissions,
)
from factcheck.services.core.errors import NotFound, PermissionDenied, ValidationFailed
from factcheck.services.tokens import personal
from factcheck.services.tokens.authentication import TokenRefusal, TokenUse, check_token
from tests.support.api import APP_NOW
from tests.support.desk import Desk


def test_scopes_stay_within_the_role():
    assert scopes_for_role(Role.CHECKER) == [TokenScope.READ, TokenScope.REVIEW,
                                             TokenScope.EDIT]
    assert TokenScope.DECIDE in scopes_for_role(Role.EDITOR)
    assert TokenScope.ADMIN not in scopes_for_role(Role.EDITOR)
    assert scopes_for_role(Role.ADMIN) == [TokenScope.READ, TokenScope.ADMIN]
    # An editor's read token may export; the same token once its owner is a
    # checker may not, and a deactivated owner's may do nothing.
    assert Permission.EXPORT_REPORTS in token_permissions(Role.EDITOR, True, [TokenScope.READ])
    assert Permission.EXPORT_REPORTS not in token_permissions(Role.CHECKER, True,
                                                              [TokenScope.READ])
    assert token_permissions(Role.EDITOR, False, list(TokenScope)) == frozenset()


def test_a_token_is_shown_once_and_stored_as_a_digest(session):
    checker = Desk(session).person("Checker")
    made = personal.create_token(session, checker, name="CMS sync",
                                 scopes=[TokenScope.READ], lifetime_days=30, now=APP_NOW)
    assert made.secret.startswith("fct_") and len(made.secret) == 4 + 12 + 1 + 43
    assert made.token.secret_digest == digest_of(made.secret)
    assert made.secret not in (made.token.secret_digest, made.token.lookup)
    assert lookup_of(made.secret) == made.token.lookup
    assert made.token.expires_at == APP_NOW + timedelta(days=30)
    assert personal.own_tokens(session, checker) == [made.token]


@pytest.mark.parametrize(("options", "error"), [
    ({"name": "  "}, ValidationFailed),
    ({"name": "x" * 121}, ValidationFailed),
    ({"scopes": []}, ValidationFailed),
    ({"lifetime_days": 0}, ValidationFailed),
    ({"lifetime_days": 367}, ValidationFailed),
    ({"scopes": [TokenScope.DECIDE]}, PermissionDenied),
    ({"scopes": [TokenScope.ADMIN]}, PermissionDenied),
])
def test_refusals(session, options, error):
    checker = Desk(session).person("Checker")
    arguments = {"name": "script", "scopes": [TokenScope.READ], "lifetime_days": 30, **options}
    with pytest.raises(error):
        personal.create_token(session, checker, now=APP_NOW, **arguments)


def test_only_the_owner_revokes_and_then_it_is_refused(session):
    desk = Desk(session)
    owner, stranger = desk.person("Owner"), desk.person("Stranger")
    made = personal.create_token(session, owner, name="script", scopes=[TokenScope.READ],
                                 lifetime_days=30, now=APP_NOW)
    assert isinstance(check_token(session, made.secret, APP_NOW), TokenUse)
    with pytest.raises(NotFound):
        personal.revoke_token(session, stranger, made.token.id)
    personal.revoke_token(session, owner, made.token.id, now=APP_NOW)
    refusal = check_token(session, made.secret, APP_NOW)
    assert isinstance(refusal, TokenRefusal) and "revoked" in refusal.reason


def test_twenty_live_tokens_at_most(session):
    checker = Desk(session).person("Checker")
    for number in range(personal.MAX_LIVE_TOKENS):
        personal.create_token(session, checker, name=f"t{number}", scopes=[TokenScope.READ],
                              lifetime_days=1, now=APP_NOW)
    with pytest.raises(ValidationFailed):
        personal.create_token(session, checker, name="one more", scopes=[TokenScope.READ],
                              lifetime_days=1, now=APP_NOW)
    # Expired ones do not count.
    personal.create_token(session, checker, name="later", scopes=[TokenScope.READ],
                          lifetime_days=1, now=APP_NOW + timedelta(days=2))
