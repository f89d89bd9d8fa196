"""factcheck: a fact-check and source-attribution tracker for newsrooms."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from factcheck.config import (
    MIGRATIONS_DIR,
    PROJECT_ROOT,
    STATIC_DIR,
    TEMPLATES_DIR,
    Settings,
    load_config,
    settings_of,
)

__all__ = ["MIGRATIONS_DIR", "PROJECT_ROOT", "STATIC_DIR", "TEMPLATES_DIR", "create_app"]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides what the environment gives."""
    config = dict(config or {})
    # Tests and deployments may keep the instance folder elsewhere.
    instance = Settings.load(os.environ, config).instance_path
    config.pop("INSTANCE_PATH", None)
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
        instance_relative_config=True,
        instance_path=instance,
    )
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(instance_path, overrides=config))
    app.config.update(config)

    settings = settings_of(app.config)
    if settings.trusted_proxies:
        # Only behind a configured proxy may X-Forwarded-For name the client;
        # otherwise a forged header could dodge login throttling.
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    from factcheck.web.guards import BoundedIntConverter

    # Before any route is added: every <int:...> in a URL is bounded.
    app.url_map.converters["int"] = BoundedIntConverter
    _init_extensions(app)

    from factcheck.security_log import configure_security_log

    configure_security_log()

    from factcheck.worker.queue import install as install_job_queue

    install_job_queue(app)

    from factcheck.web import register_web

    register_web(app)

    from factcheck.cli.commands import register_commands

    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from factcheck import models  # noqa: F401 - registers the tables
    from factcheck.database import configure_engine
    from factcheck.extensions import csrf, db, limiter, login_manager, migrate
    from factcheck.services.audit import trail as audit
    from factcheck.services.jobs import dispatch as jobs_dispatch
    from factcheck.services.users.passwords import configure_hasher

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    audit.attach(db.session)
    # Jobs enqueued in a transaction reach a worker once it commits.
    jobs_dispatch.attach(db.session)
    settings = settings_of(app.config)
    # Keys the chain's hashes (HMAC) when set; unset keeps plain SHA-256.
    audit.configure_key(settings.audit_key or None)
    configure_hasher(settings.argon2_time_cost, settings.argon2_memory_cost,
                     settings.argon2_parallelism)
    from factcheck.services.matching import vectors

    vectors.configure(settings.match_semantic)
