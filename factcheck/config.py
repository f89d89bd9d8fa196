"""Configuration from the environment, with safe defaults for a newcomer."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

MiB = 1024 * 1024


class ConfigError(RuntimeError):
    """The app refuses to start with this configuration."""


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _instance_secret_key(instance_path: Path) -> str:
    """Generate a key once and keep it in the instance folder, so sessions
    survive restarts on a developer machine without any setup."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    # Exclusive create: two processes starting at once keep the first key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    overrides = overrides or {}
    production = bool(overrides.get(
        "PRODUCTION", os.environ.get("FACTCHECK_ENV", "development").lower() == "production"
    ))
    database_url = os.environ.get("FACTCHECK_DATABASE_URL") or (
        "sqlite:///" + str(instance_path / "factcheck.sqlite3")
    )
    secret_key = overrides.get("SECRET_KEY") or os.environ.get("FACTCHECK_SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError(
                "FACTCHECK_SECRET_KEY must be set in production "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        secret_key = _instance_secret_key(instance_path)
    elif production and len(secret_key) < 32:
        raise ConfigError("FACTCHECK_SECRET_KEY is too short for production (32+ characters).")
    redis_url = os.environ.get("FACTCHECK_REDIS_URL") or None
    # Keys the audit chain's hashes (HMAC); kept outside the database.
    audit_key = overrides.get("AUDIT_KEY") or os.environ.get("FACTCHECK_AUDIT_KEY") or None
    if audit_key is not None and len(audit_key) < 32:
        raise ConfigError("FACTCHECK_AUDIT_KEY is too short (32+ characters).")
    return {
        "PRODUCTION": production,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "AUDIT_KEY": audit_key,
        # Articles are text; 10 MiB leaves room for a long page's HTML.
        "MAX_CONTENT_LENGTH": 10 * MiB,
        "MAX_FORM_MEMORY_SIZE": 10 * MiB,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "factcheck_session",
        "REMEMBER_COOKIE_DURATION": 0,
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,  # absolute limit, seconds
        "SESSION_IDLE_TIMEOUT": 2 * 3600,  # seconds without a request
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": _env_bool("FACTCHECK_RATELIMIT_ENABLED", True),
        # Failed attempts for one account from one address; the wider windows
        # make the wait grow the longer someone keeps guessing.
        "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": os.environ.get(
            "FACTCHECK_LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "5 per minute; 20 per hour; 50 per day"),
        # Failed attempts for one account from every address together: higher,
        # so a stranger cannot lock the owner out, yet a spread-out attack stops.
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("FACTCHECK_LOGIN_LIMIT_PER_ACCOUNT",
                                                  "100 per hour"),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("FACTCHECK_LOGIN_LIMIT_PER_ADDRESS",
                                                  "20 per minute"),
        # Number of proxies in front of the app whose X-Forwarded-For we trust.
        "TRUSTED_PROXIES": int(os.environ.get("FACTCHECK_TRUSTED_PROXIES", "0")),
        # Fetching an article page: the whole fetch, redirects included.
        "FETCH_TOTAL_TIMEOUT": float(os.environ.get("FACTCHECK_FETCH_TOTAL_TIMEOUT", "20")),
        # Finding the claims in one submitted text, in a worker process; past
        # this the worker is stopped and the text refused with a message.
        "EXTRACTION_TIMEOUT": float(os.environ.get("FACTCHECK_EXTRACTION_TIMEOUT", "30")),
        "EXTRACTION_WORKERS": int(os.environ.get("FACTCHECK_EXTRACTION_WORKERS", "2")),
        "REVIEWS_REQUIRED": int(os.environ.get("FACTCHECK_REVIEWS_REQUIRED", "2")),
        "ORGANIZATION_NAME": os.environ.get("FACTCHECK_ORGANIZATION_NAME", "Factcheck Desk"),
        "ORGANIZATION_URL": os.environ.get("FACTCHECK_ORGANIZATION_URL", "https://factcheck.example"),
        # Where each published fact-check lives on the organization's site;
        # unset means {organization_url}/fact-checks/{claim_id}.
        "CLAIMREVIEW_URL_TEMPLATE": os.environ.get("FACTCHECK_CLAIMREVIEW_URL_TEMPLATE", ""),
    }
