"""Who an API request acts as: the owner of the bearer token it carries,
limited to the token's scopes and the owner's role at this moment, and
counted against the token's rate limit.

Cookies play no part: a request is its token or nothing, so there is no
ambient authority for a cross-site request to borrow, and the API needs no
CSRF tokens. Every API view declares its permission with
``token_requires``; ``web.access.enforce_access`` calls ``authorize``
before any of the request's input is read, so an anonymous request is a
401 whatever it sent."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import current_app, g, request

from factcheck.config import settings_of
from factcheck.database import writing
from factcheck.domain.roles import Permission
from factcheck.extensions import db
from factcheck.models.user import User
from factcheck.security_log import security_event
from factcheck.services.tokens.authentication import TokenRefusal, TokenUse, check_token
from factcheck.services.users import throttle
from factcheck.web.access import ACCESS_ATTR
from factcheck.web.api.problems import (
    INVALID_TOKEN,
    RATE_LIMITED,
    ProblemRaised,
    problem,
)
from factcheck.web.attempt_limits import counters

F = TypeVar("F", bound=Callable[..., Any])

CHALLENGE = 'Bearer realm="factcheck"'


@dataclass(frozen=True)
class TokenPermission:
    """The access an API view declares: a token allowing ``permission``."""

    permission: Permission


def token_requires(permission: Permission) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTR, TokenPermission(permission))
        return view

    return decorate


def _unauthorized(detail: str, error: str | None = None) -> ProblemRaised:
    challenge = CHALLENGE + (f', error="{error}"' if error else "")
    return ProblemRaised(problem(401, detail, type_=INVALID_TOKEN,
                                 headers={"WWW-Authenticate": challenge}))


def _now() -> float:
    # Tests hand in their own clock; no sleeps.
    clock = current_app.config.get("THROTTLE_CLOCK") or time.time
    return float(clock())


def _bearer_secret() -> str:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _unauthorized("Send a token: Authorization: Bearer fct_…")
    return secret.strip()


def authorize(access: TokenPermission) -> None:
    """Let the request through as the token's owner, or raise the problem:
    401 (no token, unknown, revoked, expired, owner deactivated), 429 (over
    the token's limit), 403 (the token or the owner's role lacks it)."""
    secret = _bearer_secret()
    seconds = _now()
    settings = settings_of(current_app.config)
    # The check writes (last use, a refused token's audit event, the rate
    # counter): one short write of its own, committed before the view's
    # transaction begins, which stays read-only for reads.
    with writing():
        check = check_token(db.session, secret, datetime.fromtimestamp(seconds, UTC))
        attempt = throttle.Attempt(allowed=True)
        if isinstance(check, TokenUse) and settings.ratelimit_enabled:
            rule = throttle.Rule("api-token", str(check.token_id),
                                 throttle.parse_limits(settings.api_rate_limit))
            attempt = throttle.reserve(counters(), [rule], seconds)
        db.session.commit()
    if isinstance(check, TokenRefusal):
        security_event("api_token_refused", actor=check.lookup or "unknown",
                       reason=check.reason, ip=request.remote_addr)
        raise _unauthorized(check.reason, "invalid_token")
    if not attempt.allowed:
        security_event("api_rate_limited", actor=check.lookup, ip=request.remote_addr,
                       retry_after=attempt.retry_after)
        raise ProblemRaised(problem(
            429, f"This token made too many requests; try again in "
                 f"{throttle.wait_text(attempt.retry_after)}.",
            type_=RATE_LIMITED, headers={"Retry-After": str(attempt.retry_after)}))
    if not check.may(access.permission):
        security_event("permission_denied", actor=check.lookup, endpoint=request.endpoint,
                       method=request.method, needs=str(access.permission),
                       ip=request.remote_addr)
        raise ProblemRaised(problem(403, f"This needs the permission “{access.permission}”, "
                                         "which the token's scopes or its owner's role lack."))
    g.api_token = check


def token_user() -> User:
    """The user the current API request acts as (after ``authorize``)."""
    use: TokenUse = g.api_token
    return use.user


def token_use() -> TokenUse:
    use: TokenUse = g.api_token
    return use
