"""Checking the token an API request carries.

What a token may do is worked out at every use from its owner as they are
now (``domain.tokens.token_permissions``): a deactivated owner's tokens do
nothing, and a role that drops takes the scopes above it away at once.
A revoked or expired token that is still being used is recorded in the
audit trail (someone has an old secret); an unknown one is not, since
anyone can send noise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.roles import Permission
from factcheck.domain.tokens import digest_matches, lookup_of, token_permissions
from factcheck.models.api_token import ApiToken
from factcheck.models.user import User
from factcheck.services.audit import trail as audit
from factcheck.services.core.session import DbSession
from factcheck.services.tokens.personal import ENTITY

# "Last used" is kept to the minute: writing it on every request would
# turn every read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)
# A refused token's uses are audited at most this often (each is in the
# security log): one stuck script must not flood the chain.
AUDIT_REFUSALS_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenUse:
    """A token that may be used now, and what it may do."""

    token_id: int
    lookup: str
    user: User
    permissions: frozenset[Permission]

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions


@dataclass(frozen=True)
class TokenRefusal:
    reason: str  # fit to show the caller
    lookup: str | None  # the public id, when the token was well formed


TokenCheck = TokenUse | TokenRefusal

UNKNOWN = "The token is not valid."


def check_token(session: DbSession, secret: str, now: datetime) -> TokenCheck:
    """The token's use, or why it is refused. Writes (in the caller's
    transaction) the last-used time, and an audit event for a revoked or
    expired token or one whose owner is deactivated."""
    lookup = lookup_of(secret)
    if lookup is None:
        return TokenRefusal(UNKNOWN, None)
    token = session.scalar(sa.select(ApiToken).where(ApiToken.lookup == lookup)
                           .options(joinedload(ApiToken.user)))
    # Compared in constant time, and a wrong secret for a real id reads the
    # same as an unknown id.
    if token is None or not digest_matches(secret, token.secret_digest):
        return TokenRefusal(UNKNOWN, lookup)
    reason = _refusal_reason(token, now)
    if reason is not None:
        if token.last_refused_at is None or now - token.last_refused_at >= AUDIT_REFUSALS_EVERY:
            token.last_refused_at = now
            audit.record(session, token.user, AuditAction.API_TOKEN_REFUSED, ENTITY, token.id,
                         after={"reason": reason, "lookup": token.lookup})
        return TokenRefusal(reason, lookup)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        session.flush()
    user = token.user
    return TokenUse(token.id, token.lookup, user,
                    token_permissions(user.role, user.active, token.scopes))


def _refusal_reason(token: ApiToken, now: datetime) -> str | None:
    if token.revoked_at is not None:
        return "The token was revoked."
    if token.expires_at <= now:
        return "The token has expired."
    if not token.user.active:
        return "The token's account is deactivated."
    return None
