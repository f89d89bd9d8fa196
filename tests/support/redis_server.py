"""The Redis the tests may use: 127.0.0.1:6379 unless FACTCHECK_TEST_REDIS_URL
says otherwise. Tests that need it skip with the reason when it does not
answer, unless FACTCHECK_REQUIRE_REDIS=1 (CI with a Redis service), where
they fail instead."""

from __future__ import annotations

import os
from typing import Any

import pytest

REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("FACTCHECK_REQUIRE_REDIS") == "1":
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); FACTCHECK_REQUIRE_REDIS=1 makes "
                    "this a failure")
    return client
