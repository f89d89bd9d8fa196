"""A throwaway Redis server on a Unix socket, for the tests of counters
shared between processes. Skips, saying why, where redis-server is missing."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


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
