"""``factcheck figures verify|rebuild|refresh`` as an operator runs them."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.extensions import db
from factcheck.services.core.shared_cache import DatabaseCache
from factcheck.services.dashboard import periodic
from tests.support.workflow import story_claims


def _story(app, make_user) -> None:
    editor = make_user(email="ed@example.org", role="editor")
    with app.app_context():
        story_claims(db.session, editor)


def test_verify_passes_on_maintained_figures_and_fails_on_drift(app, runner, make_user):
    _story(app, make_user)
    result = runner.invoke(args=["figures", "verify"])
    assert result.exit_code == 0, result.output
    assert "all equal to a recount" in result.output

    with app.app_context():
        db.session.execute(sa.text(
            "UPDATE figure_counts SET n = n + 3 WHERE figure = 'articles'"))
        db.session.commit()
    result = runner.invoke(args=["figures", "verify"])
    assert result.exit_code == 1
    assert "1 of" in result.output and "counters differ" in result.output
    assert "articles '' '': 4 != 1" in result.output
    assert "factcheck figures rebuild" in result.output

    result = runner.invoke(args=["figures", "rebuild"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["figures", "verify"]).exit_code == 0


def test_refresh_recounts_the_periodic_figures_into_the_shared_cache(app, runner, make_user):
    _story(app, make_user)
    result = runner.invoke(args=["figures", "refresh"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = DatabaseCache(db.session.get_bind()).get(periodic.CACHE_KEY)
    assert stored is not None
    figures = periodic.from_json(stored)
    assert figures is not None
    assert sum(count for _, count in figures.waiting_by_age) >= 3  # the story's claims wait
