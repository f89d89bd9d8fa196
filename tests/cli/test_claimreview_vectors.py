"""``factcheck claimreview vectors``: switching semantic matching on for an
archive that has verdicts already computes their vectors, once."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck.extensions import db
from factcheck.models.claim_vector import ClaimVector
from factcheck.services.matching import vectors
from factcheck.services.matching.claimreview_import import import_bytes
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.semantic import require_model

CHECKED = ["Ferries will stop running on Sundays from May",
           "The new stadium cost the city 400 million euros",
           "School lunches will be free for every pupil from September"]


@pytest.fixture
def archive(fresh_app):
    """An archive imported while semantic matching was off."""
    with fresh_app.app_context():
        upgrade()
        items = [review(number, claimReviewed=text, headline="")
                 for number, text in enumerate(CHECKED)]
        import_bytes(db.session, SYSTEM, json.dumps(items).encode(), "checked.json")
        db.session.commit()
    return fresh_app


def _stored(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ClaimVector))


def test_vectors_are_computed_for_every_verdict_once(archive, monkeypatch):
    require_model()
    assert _stored(archive) == 0
    monkeypatch.setattr(vectors, "_enabled", True)
    runner = archive.test_cli_runner()
    result = runner.invoke(args=["claimreview", "vectors"])
    assert result.exit_code == 0, result.output
    assert "Computed 3 vectors." in result.output
    assert _stored(archive) == 3
    again = runner.invoke(args=["claimreview", "vectors"])
    assert "Computed 0 vectors." in again.output and _stored(archive) == 3


def test_with_semantic_matching_off_it_says_how_to_switch_it_on(archive):
    result = archive.test_cli_runner().invoke(args=["claimreview", "vectors"])
    assert result.exit_code != 0
    assert "FACTCHECK_MATCH_SEMANTIC=1" in result.output
    assert _stored(archive) == 0
