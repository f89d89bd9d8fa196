"""Tokens for API tests, made through the service as the account page makes
them, and the headers that carry them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from factcheck.domain.tokens import TokenScope, scopes_for_role
from factcheck.extensions import db
from factcheck.models.user import User
from factcheck.services.tokens import personal

# The clock the test config gives the app (THROTTLE_CLOCK): tokens are
# checked against it, so tests make theirs at that moment too.
APP_NOW = datetime.fromtimestamp(1_800_000_000, UTC)


def issue_token(app: Any, user: User, scopes: Iterable[TokenScope | str] | None = None, *,
                days: int = 30, now: datetime | None = None) -> str:
    """A live token of ``user``'s (by default with every scope the role
    allows); the secret."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        assert owner is not None
        chosen = ([TokenScope(scope) for scope in scopes] if scopes is not None
                  else scopes_for_role(owner.role))
        created = personal.create_token(db.session, owner, name="tests", scopes=chosen,
                                        lifetime_days=days, now=now or APP_NOW)
        db.session.commit()
        return created.secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
