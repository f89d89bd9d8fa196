"""The token's rate limit counts every process's requests together: two
app instances (two workers) on one database share the count, where
flask-limiter's in-memory storage would give each its own."""

from __future__ import annotations

from flask_migrate import upgrade

from factcheck import create_app
from factcheck.extensions import db
from tests.support.api import bearer, issue_token
from tests.support.config import make_test_config
from tests.support.factories import make_user


def test_two_workers_share_one_count(backend, fresh_app, tmp_path):
    fresh_app.config["API_RATE_LIMIT"] = "3 per minute"
    with fresh_app.app_context():
        upgrade()
        user = make_user(db.session, email="script@example.org", role="checker")
    url = fresh_app.config["SQLALCHEMY_DATABASE_URI"]
    other = create_app({**make_test_config(url, tmp_path / "other"),
                        "API_RATE_LIMIT": "3 per minute"})
    first = create_app({**make_test_config(url, tmp_path / "first"),
                        "API_RATE_LIMIT": "3 per minute"})
    try:
        headers = bearer(issue_token(first, user))
        answers = [app.test_client().get("/api/v1/sources", headers=headers).status_code
                   for app in (first, other, first, other)]
        assert answers == [200, 200, 200, 429]
    finally:
        for app in (first, other):
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
