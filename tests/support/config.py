"""App configuration for tests."""

from __future__ import annotations

import dataclasses
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from factcheck.config import SETTINGS_KEY, Settings, settings_of


def make_test_config(database_url: str, instance: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "INSTANCE_PATH": str(instance),
        # Cheap hashes: the tests are about behaviour, not brute-force cost.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "ARGON2_PARALLELISM": 1,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Throttling windows are fixed; a test must not straddle two of them.
        "THROTTLE_CLOCK": lambda: 1_800_000_000.0,
        "SERVER_NAME": "factcheck.test",
        # Workers' sweepers would add a figures job beside the jobs a test
        # counts (tests/services/dashboard/test_refresh.py turns it on).
        "FIGURES_REFRESHED_BY_WORKERS": False,
    }


def with_settings(config: MutableMapping[str, Any], **changes: Any) -> Settings:
    """The app's settings with ``changes``, as ``config`` would hold them
    (the app reads them through ``settings_of``, not the flat keys)."""
    return dataclasses.replace(settings_of(config), **changes)


def change_settings(config: MutableMapping[str, Any], **changes: Any) -> None:
    config[SETTINGS_KEY] = with_settings(config, **changes)
