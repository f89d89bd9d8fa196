"""The limits on sign-in and password-change attempts, from the settings,
counted where the settings say (Redis when configured, else the database)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import current_app, render_template, request

from factcheck.config import settings_of
from factcheck.domain.emails import InvalidEmailError, normalize_email
from factcheck.extensions import db
from factcheck.models.user import User
from factcheck.security_log import security_event
from factcheck.services.users import accounts as users
from factcheck.services.users import throttle

REDIS_CLIENT_KEY = "factcheck.throttle_redis"


def counters() -> throttle.Counters:
    url = settings_of(current_app.config).redis_url
    if not url:
        return throttle.DatabaseCounters(db.session)
    return throttle.RedisCounters(redis_client(url))


def redis_client(url: str) -> Any:
    """One Redis client (and its connection pool) per app, shared by the
    throttle counters and the figures cache."""
    client = current_app.extensions.get(REDIS_CLIENT_KEY)
    if client is None:
        import redis

        client = current_app.extensions.setdefault(REDIS_CLIENT_KEY, redis.Redis.from_url(url))
    return client


def _limits(setting: str) -> list[throttle.Limit]:
    return throttle.parse_limits(setting)


def _address() -> str:
    return request.remote_addr or "unknown"


def account_key(raw: str) -> str:
    try:
        return normalize_email(raw)
    except InvalidEmailError:
        return raw.strip().lower()[:320]


def login_rules(email: str) -> list[throttle.Rule]:
    account, address = account_key(email), _address()
    settings = settings_of(current_app.config)
    return [
        throttle.Rule("login-pair", f"{account}|{address}",
                      _limits(settings.login_limit_per_account_address)),
        throttle.Rule("login-account", account, _limits(settings.login_limit_per_account)),
        throttle.Rule("login-address", address, _limits(settings.login_limit_per_address)),
    ]


def password_change_rules(user_id: int) -> list[throttle.Rule]:
    settings = settings_of(current_app.config)
    return [throttle.Rule("password-pair", f"{user_id}|{_address()}",
                          _limits(settings.login_limit_per_account_address)),
            throttle.Rule("password-account", str(user_id),
                          _limits(settings.login_limit_per_account))]


def reserve(rules: list[throttle.Rule]) -> throttle.Attempt:
    """Reserve the attempt and commit the reservation at once, before any
    password is checked: parallel attempts each see the others' hits."""
    if not settings_of(current_app.config).ratelimit_enabled:
        return throttle.Attempt(allowed=True)
    # Tests hand in their own clock; no sleeps.
    clock = current_app.config.get("THROTTLE_CLOCK") or time.time
    attempt = throttle.reserve(counters(), rules, clock())
    db.session.commit()
    return attempt


def give_back(attempt: throttle.Attempt) -> None:
    """Within the request's transaction: committed with the use case."""
    throttle.give_back(counters(), attempt)


def give_back_now(attempt: throttle.Attempt) -> None:
    """After the use case was refused and rolled back: a refusal that was
    no guess (the right current password, a weak new one) does not count."""
    give_back(attempt)
    db.session.commit()


def wrong_current_password(user: User) -> None:
    """The change was refused and rolled back; the wrong guess itself is
    recorded, and committed, on its own."""
    users.record_wrong_current_password(db.session, user)
    db.session.commit()
    security_event("password_change_failed", actor=user.email, ip=request.remote_addr)


def refused(attempt: throttle.Attempt, event: str, actor: str,
            page: Callable[[str], str] | None = None) -> tuple[str, int, dict[str, Any]]:
    """429 with the wait; ``page`` draws the form again with the message
    (the sign-in form keeps what was typed), else the error page."""
    security_event(event, actor=actor, ip=request.remote_addr, retry_after=attempt.retry_after)
    message = (f"Too many attempts in a short time. Try again in "
               f"{throttle.wait_text(attempt.retry_after)}.")
    drawn = page(message) if page is not None else render_template(
        "errors/error.html", status=429, title="Too many attempts", message=message)
    return drawn, 429, {"Retry-After": str(attempt.retry_after)}
