"""The limits on sign-in and password-change attempts, from the settings,
counted where the settings say (Redis when configured, else the database)."""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, render_template, request

from factcheck.domain.emails import InvalidEmailError, normalize_email
from factcheck.extensions import db
from factcheck.security_log import security_event
from factcheck.services import throttle

REDIS_CLIENT_KEY = "factcheck.throttle_redis"


def counters() -> throttle.Counters:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return throttle.DatabaseCounters(db.session)
    client = current_app.extensions.get(REDIS_CLIENT_KEY)
    if client is None:
        import redis

        client = current_app.extensions.setdefault(REDIS_CLIENT_KEY, redis.Redis.from_url(url))
    return throttle.RedisCounters(client)


def _limits(name: str) -> list[throttle.Limit]:
    return throttle.parse_limits(current_app.config[name])


def _address() -> str:
    return request.remote_addr or "unknown"


def account_key(raw: str) -> str:
    try:
        return normalize_email(raw)
    except InvalidEmailError:
        return raw.strip().lower()[:320]


def login_rules(email: str) -> list[throttle.Rule]:
    account, address = account_key(email), _address()
    return [
        throttle.Rule("login-pair", f"{account}|{address}",
                      _limits("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS")),
        throttle.Rule("login-account", account, _limits("LOGIN_LIMIT_PER_ACCOUNT")),
        throttle.Rule("login-address", address, _limits("LOGIN_LIMIT_PER_ADDRESS")),
    ]


def password_change_rules(user_id: int) -> list[throttle.Rule]:
    return [throttle.Rule("password-pair", f"{user_id}|{_address()}",
                          _limits("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS")),
            throttle.Rule("password-account", str(user_id), _limits("LOGIN_LIMIT_PER_ACCOUNT"))]


def reserve(rules: list[throttle.Rule]) -> throttle.Attempt:
    """Reserve the attempt and commit the reservation at once, before any
    password is checked: parallel attempts each see the others' hits."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return throttle.Attempt(allowed=True)
    clock = current_app.config.get("THROTTLE_CLOCK") or time.time
    attempt = throttle.reserve(counters(), rules, clock())
    db.session.commit()
    return attempt


def give_back(attempt: throttle.Attempt) -> None:
    throttle.give_back(counters(), attempt)


def refused(attempt: throttle.Attempt, event: str, actor: str) -> tuple[str, int, dict[str, Any]]:
    security_event(event, actor=actor, ip=request.remote_addr, retry_after=attempt.retry_after)
    message = (f"Too many attempts in a short time. Try again in "
               f"{throttle.wait_text(attempt.retry_after)}.")
    page = render_template("errors/error.html", status=429, title="Too many attempts",
                           message=message)
    return page, 429, {"Retry-After": str(attempt.retry_after)}
