"""Redis for the tests: a throwaway server on a Unix socket (the tests of
counters shared between processes; skips, saying why, where redis-server is
missing), or the running one at FACTCHECK_TEST_REDIS_URL, 127.0.0.1:6379 by
default (the shared cache's tests; they skip with the reason when it does
not answer, unless FACTCHECK_REQUIRE_REDIS=1, where they fail instead)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    socket_path = folder / "redis.sock"
    process = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", str(socket_path), "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        # Its own word that it is ready, not a guess at how long it takes.
        for line in process.stdout:
            if "ready to accept connections" in line.lower():
                break
        else:
            pytest.fail("redis-server exited before it was ready")
        # Keep reading its log so a full pipe never blocks it.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield f"unix://{socket_path}"
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def redis_or_skip() -> Any:
    """A client of the running Redis at REDIS_URL."""
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
