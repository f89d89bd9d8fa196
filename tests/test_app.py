"""The app factory: configuration from the environment, SQLite settings,
error pages without tracebacks."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck import create_app
from factcheck.config import ConfigError
from factcheck.extensions import db
from tests.support.config import make_test_config


def _config(tmp_path, **overrides):
    config = make_test_config(f"sqlite:///{tmp_path / 'app.sqlite3'}", tmp_path / "instance")
    config.update(overrides)
    return config


def test_secret_key_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    config = _config(tmp_path)
    del config["SECRET_KEY"]
    first = create_app(dict(config)).secret_key
    second = create_app(dict(config)).secret_key
    assert first == second and len(first) >= 40
    key_file = tmp_path / "instance" / "secret_key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    monkeypatch.setenv("FACTCHECK_ENV", "production")
    config = _config(tmp_path)
    del config["SECRET_KEY"]
    with pytest.raises(ConfigError, match="FACTCHECK_SECRET_KEY"):
        create_app(config)


def test_database_url_from_environment(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{target}")
    config = _config(tmp_path)
    del config["SQLALCHEMY_DATABASE_URI"]
    app = create_app(config)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{target}"


def test_default_database_is_sqlite_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_DATABASE_URL", raising=False)
    config = _config(tmp_path)
    del config["SQLALCHEMY_DATABASE_URI"]
    app = create_app(config)
    expected = tmp_path / "instance" / "factcheck.sqlite3"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_sqlite_uses_wal_foreign_keys_and_busy_timeout(tmp_path):
    app = create_app(_config(tmp_path))
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert app.config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/no/such/page", 404),
    ("DELETE", "/login", 405),
])
def test_error_pages_are_friendly(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert "<h1>" in body and "Traceback" not in body


def test_oversized_request_gets_413(client):
    response = client.post("/login", data={"email": "a@example.org",
                                           "password": "x" * (10 * 1024 * 1024 + 1)})
    assert response.status_code == 413
    assert "larger than the limit" in response.get_data(as_text=True)


def test_unexpected_error_shows_500_page_without_traceback(tmp_path):
    app = create_app(_config(tmp_path, TESTING=False))

    @app.route("/explode")
    def explode() -> str:
        raise RuntimeError("secret internals: SELECT * FROM users")

    from factcheck.web.access import public

    public(explode)
    response = app.test_client().get("/explode")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_health_check_is_public(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_templates_and_migrations_do_not_depend_on_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = create_app(_config(tmp_path))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        assert "users" in sa.inspect(db.engine).get_table_names()
    assert app.test_client().get("/login").status_code == 200
