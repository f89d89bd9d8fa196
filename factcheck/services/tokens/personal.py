"""Creating, listing and revoking one's own access tokens, audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.tokens import (
    MAX_LIFETIME_DAYS,
    MAX_NAME_LENGTH,
    TokenScope,
    new_secret,
    scopes_for_role,
)
from factcheck.models.api_token import ApiToken
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.services.audit import trail as audit
from factcheck.services.core.errors import NotFound, PermissionDenied, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import plain_field, row_id_in_range

ENTITY = "api_token"
# Enough for every script a person runs; a leak of one account cannot
# spread into thousands of live secrets.
MAX_LIVE_TOKENS = 20


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown to the owner once, then gone


def _owner(actor: User) -> User:
    if not isinstance(actor, User) or not actor.active:
        raise PermissionDenied("Only a signed-in, active account has tokens.")
    return actor


def _live(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)


def create_token(session: DbSession, actor: User, *, name: str, scopes: Sequence[TokenScope],
                 lifetime_days: int, now: datetime | None = None) -> CreatedToken:
    owner = _owner(actor)
    now = now or utcnow()
    name = plain_field(name, "The token's name").strip()
    if not name:
        raise ValidationFailed("Give the token a name, e.g. the script that will use it.")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationFailed(f"The name is longer than {MAX_NAME_LENGTH} characters.")
    if not scopes:
        raise ValidationFailed("Choose at least one scope.")
    beyond = [scope.value for scope in scopes if scope not in scopes_for_role(owner.role)]
    if beyond:
        raise PermissionDenied(f"Your role does not allow the scope {', '.join(beyond)}.")
    if not 1 <= lifetime_days <= MAX_LIFETIME_DAYS:
        raise ValidationFailed(f"A token lasts between 1 and {MAX_LIFETIME_DAYS} days.")
    live = session.scalar(sa.select(sa.func.count()).select_from(ApiToken)
                          .where(ApiToken.user_id == owner.id, _live(now))) or 0
    if live >= MAX_LIVE_TOKENS:
        raise ValidationFailed(f"You have {live} live tokens, the most allowed; revoke one "
                               "you no longer use first.")
    made = new_secret()
    token = ApiToken(user_id=owner.id, name=name, lookup=made.lookup,
                     secret_digest=made.digest, created_at=now,
                     expires_at=now + timedelta(days=lifetime_days))
    token.scopes = list(scopes)
    session.add(token)
    session.flush()
    audit.record(session, owner, AuditAction.API_TOKEN_CREATED, ENTITY, token.id,
                 after=token.audit_snapshot())
    return CreatedToken(token, made.secret)


def own_tokens(session: DbSession, actor: User) -> Sequence[ApiToken]:
    """The owner's tokens, newest first, revoked and expired ones too (a
    last-used time on a revoked token is worth seeing)."""
    owner = _owner(actor)
    return session.scalars(sa.select(ApiToken).where(ApiToken.user_id == owner.id)
                           .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()


def revoke_token(session: DbSession, actor: User, token_id: int,
                 now: datetime | None = None) -> ApiToken:
    owner = _owner(actor)
    token = session.get(ApiToken, token_id) if row_id_in_range(token_id) else None
    # Someone else's token is as unknown as a missing one.
    if token is None or token.user_id != owner.id:
        raise NotFound("No such token.")
    if token.revoked_at is not None:
        return token
    before = token.audit_snapshot()
    token.revoked_at = now or utcnow()
    session.flush()
    audit.record(session, owner, AuditAction.API_TOKEN_REVOKED, ENTITY, token.id,
                 before=before, after=token.audit_snapshot())
    return token
