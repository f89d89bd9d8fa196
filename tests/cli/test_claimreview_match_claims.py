"""``factcheck claimreview match-claims``: claims saved before matches were
stored get them, once, and the dashboard's share counts them."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck.extensions import db
from factcheck.models.claim_match import ClaimMatchFigure
from factcheck.services.matching.claimreview_import import import_bytes
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM, make_user
from tests.support.verdicts import make_article


@pytest.fixture
def cli_app(fresh_app):
    with fresh_app.app_context():
        upgrade()
    return fresh_app


def test_match_claims_stores_figures_for_claims_saved_without_them(cli_app):
    with cli_app.app_context():
        user = make_user(db.session, email="editor@example.org", role="editor")
        _, claims = make_article(db.session, user.id, ["Ferries stop running on Sundays",
                                                       "Parking downtown is free at night"])
        item = review(1, claimReviewed="Ferries will stop running on Sundays from May",
                      headline="")
        import_bytes(db.session, SYSTEM, json.dumps([item]).encode(), "checked.json")
        db.session.commit()
        ids = [claim.id for claim in claims]
    result = cli_app.test_cli_runner().invoke(args=["claimreview", "match-claims"])
    assert result.exit_code == 0, result.output
    assert "Matched 2 claims." in result.output
    with cli_app.app_context():
        best = dict(db.session.execute(sa.select(ClaimMatchFigure.claim_id,
                                                 ClaimMatchFigure.best_similarity)).all())
    assert best[ids[0]] > 0.4 and best[ids[1]] == 0.0
    again = cli_app.test_cli_runner().invoke(args=["claimreview", "match-claims"])
    assert again.exit_code == 0 and "Matched 2 claims." in again.output
