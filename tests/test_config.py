"""Settings: the README's configuration table says exactly what
factcheck.config.Settings declares (every variable, with its default), and
the environment reaches the app through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.config import ConfigError, Settings

README = Path(__file__).resolve().parent.parent / "README.md"
ROW = re.compile(r"^\| (`FACTCHECK_[A-Z0-9_]+`) \| (.*?) \| (.*?) \|$")


def documented() -> dict[str, str]:
    """Variable -> default, from the table under "## Configuration"."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = ROW.match(line)
        if found:
            rows[found.group(1).strip("`")] = _unquoted(found.group(2))
    return rows


def _unquoted(cell: str) -> str:
    """`30` -> 30; prose with code in it stays as written."""
    return cell[1:-1] if cell.count("`") == 2 and cell[0] == cell[-1] == "`" else cell


def declared() -> dict[str, str]:
    return {spec.metadata["env"]: spec.metadata["documented"] for spec in Settings.declared()}


def test_the_readme_documents_every_setting_with_its_default():
    table = documented()
    assert len(table) >= 20  # the table was found and read
    assert table == declared()


def test_every_setting_has_a_meaning_and_a_config_key():
    for spec in Settings.declared():
        assert spec.metadata["meaning"] and spec.metadata["key"].isupper(), spec.name


def test_the_environment_reaches_each_setting_with_its_type():
    settings = Settings.load({
        "FACTCHECK_REVIEWS_REQUIRED": "3", "FACTCHECK_FETCH_READ_TIMEOUT": "2.5",
        "FACTCHECK_FETCH_ALLOW_PRIVATE": "yes", "FACTCHECK_ENV": "Production",
        "FACTCHECK_REDIS_URL": "  ", "FACTCHECK_DASHBOARD_CACHE_SECONDS": "0",
    })
    assert settings.reviews_required == 3 and settings.fetch_read_timeout == 2.5
    assert settings.fetch_allow_private and settings.production
    assert settings.redis_url is None  # blank is unset
    assert settings.dashboard_cache_seconds == 0.0
    assert settings.argon2_time_cost == Settings().argon2_time_cost  # untouched: default


def test_the_app_config_given_to_create_app_wins_over_the_environment():
    settings = Settings.load({"FACTCHECK_REVIEWS_REQUIRED": "3"}, {"REVIEWS_REQUIRED": 4})
    assert settings.reviews_required == 4


def test_a_number_that_is_not_one_is_refused_by_name():
    with pytest.raises(ConfigError, match="FACTCHECK_TRUSTED_PROXIES"):
        Settings.load({"FACTCHECK_TRUSTED_PROXIES": "two"})
