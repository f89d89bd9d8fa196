"""API tests: tokens per role, and a client that speaks JSON with one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.api import bearer, issue_token


class TokenClient:
    """Requests as the holder of ``secret``: no cookies, only the header."""

    def __init__(self, client: Any, secret: str) -> None:
        self.client = client
        self.headers = bearer(secret)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, headers={**self.headers, **kwargs.pop("headers", {})},
                               **kwargs)

    def post(self, url: str, json: Any = None, **kwargs: Any) -> Any:
        return self.client.post(url, json=json, csrf=False,
                                headers={**self.headers, **kwargs.pop("headers", {})},
                                **kwargs)


@pytest.fixture
def as_token(app, client):
    def make(user, scopes=None, **options) -> TokenClient:
        return TokenClient(client, issue_token(app, user, scopes, **options))

    return make
