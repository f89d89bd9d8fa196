"""CI cannot lose the PostgreSQL half quietly: with FACTCHECK_REQUIRE_POSTGRES
set and no server named, the run fails before any test instead of running
SQLite alone. Nor the semantic tests: with FACTCHECK_REQUIRE_SEMANTIC set,
a missing model wheel fails them instead of skipping them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.services.matching import sentence_model
from tests.support.databases import PG_ENV, REQUIRE_PG_ENV
from tests.support.semantic import REQUIRE_SEMANTIC_ENV, require_model

ROOT = Path(__file__).resolve().parent.parent


def run_suite_part(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in env_changes}
    env.update({key: value for key, value in env_changes.items() if value is not None})
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov",
               "tests/domain/test_workflow.py"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=120)


def test_required_postgres_without_a_server_fails_the_run():
    result = run_suite_part({REQUIRE_PG_ENV: "1", PG_ENV: None})
    assert result.returncode != 0
    assert f"{REQUIRE_PG_ENV} is set but {PG_ENV} is not" in result.stdout + result.stderr
    assert "passed" not in result.stdout


def test_without_the_switch_the_sqlite_half_runs_alone():
    result = run_suite_part({REQUIRE_PG_ENV: None, PG_ENV: None})
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


def test_required_semantic_model_missing_fails_and_otherwise_skips_saying_how_to_install(
        monkeypatch):
    monkeypatch.setattr(sentence_model, "available", lambda: False)
    monkeypatch.setenv(REQUIRE_SEMANTIC_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE_SEMANTIC_ENV} is set"):
        require_model()
    monkeypatch.delenv(REQUIRE_SEMANTIC_ENV)
    install = re.escape("pip install --no-deps --require-hashes -r requirements-semantic.lock")
    with pytest.raises(pytest.skip.Exception, match=install):
        require_model()
