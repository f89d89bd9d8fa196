"""``factcheck revisions check``: judged web articles fetched again with a
conditional GET, paced per host, real changes stored as revisions with the
stale claims reported, and a failing page reported without stopping the rest."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from factcheck.cli import revisions as revisions_cli
from factcheck.config import SETTINGS_KEY, settings_of
from factcheck.domain.ratings import TruthRating
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.revision import ArticleRevision, ClaimReanchor
from factcheck.services.revisions.watching import HostPacer
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.clock import ManualClock
from tests.support.page_server import serving
from tests.support.verdicts import publish

COST = "The stoppage cost the port about $3 million a day"


class Sleeper:
    """Moves the manual clock instead of waiting, and remembers each wait."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.now += seconds


@pytest.fixture
def sleeper(app, monkeypatch) -> Sleeper:
    clock = ManualClock()
    sleeper = Sleeper(clock)
    monkeypatch.setattr(revisions_cli, "CLOCK", clock)
    monkeypatch.setattr(revisions_cli, "SLEEP", sleeper)
    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        replace(settings_of(app.config), fetch_allow_private=True,
                                revisions_host_interval=5.0))
    return sleeper


def _judged_article(session, user, text: str, url: str) -> Article:
    article = save_article(session, acting(session, user), text, url=url).article
    claim = next(c for c in article.claims if COST in c.text)
    publish(session, claim, user.id, TruthRating.FALSE)
    session.commit()
    return article


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_an_unchanged_page_answers_304_and_nothing_is_stored(runner, session, editor, sleeper):
    seen: list[tuple[str, str]] = []
    pages = {"/port": PORT_REOPENS.encode()}
    with serving(pages, etags={"/port": '"v1"'}, content_type="text/plain; charset=utf-8",
                 seen=seen) as base:
        article = _judged_article(session, editor, PORT_REOPENS, f"{base}/port")
        first = runner.invoke(args=["revisions", "check"])
        second = runner.invoke(args=["revisions", "check"])
    assert first.exit_code == 0, first.output
    assert f"article {article.id}: same text" in first.output
    assert second.exit_code == 0, second.output
    assert f"article {article.id}: not modified" in second.output
    assert seen == [("/port", ""), ("/port", '"v1"')]
    assert _count(session, ArticleRevision) == 0


def test_a_changed_page_becomes_a_revision_and_its_stale_claims_are_listed(
        runner, session, editor, sleeper):
    pages = {"/port": PORT_REOPENS.encode()}
    etags = {"/port": '"v1"'}
    with serving(pages, etags=etags, content_type="text/plain; charset=utf-8") as base:
        article = _judged_article(session, editor, PORT_REOPENS, f"{base}/port")
        assert runner.invoke(args=["revisions", "check"]).exit_code == 0
        pages["/port"] = PORT_REOPENS.replace("$3 million", "$4 million").encode()
        etags["/port"] = '"v2"'
        result = runner.invoke(args=["revisions", "check"])
    assert result.exit_code == 0, result.output
    (row,) = session.scalars(sa.select(ClaimReanchor).where(ClaimReanchor.stale)).all()
    assert (f"article {article.id}: revised, revision 2; STALE claims #{row.claim_id}"
            in result.output)
    assert "$4 million" in (row.new_text or "")
    session.expire_all()
    assert session.get(Article, article.id).fetch_etag == '"v2"'
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "article_revised"))
    assert event.actor.startswith("revisions-check (cli:")


def test_as_names_the_user_in_the_trail_and_refuses_an_unknown_one(runner, session, editor,
                                                                     sleeper):
    pages = {"/port": PORT_REOPENS.replace("$3 million", "$4 million").encode()}
    with serving(pages, content_type="text/plain; charset=utf-8") as base:
        _judged_article(session, editor, PORT_REOPENS, f"{base}/port")
        unknown = runner.invoke(args=["revisions", "check", "--as", "nobody@example.org"])
        assert unknown.exit_code != 0 and "no active user" in unknown.output
        result = runner.invoke(args=["revisions", "check", "--as", editor.email])
    assert result.exit_code == 0, result.output
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "article_revised"))
    assert event.actor == editor.email


def test_requests_to_one_host_are_paced_by_the_injected_clock(runner, session, editor,
                                                                sleeper):
    second_text = PORT_REOPENS.replace("Port reopens after strike", "Port reopens, ships wait")
    pages = {"/a": PORT_REOPENS.encode(), "/b": second_text.encode()}
    with serving(pages, content_type="text/plain; charset=utf-8") as base:
        _judged_article(session, editor, PORT_REOPENS, f"{base}/a")
        _judged_article(session, editor, second_text, f"{base}/b")
        result = runner.invoke(args=["revisions", "check"])
    assert result.exit_code == 0, result.output
    assert sleeper.waits == [5.0]


def test_the_pacer_waits_only_for_the_same_host_and_only_what_is_left():
    clock = ManualClock()
    sleeper = Sleeper(clock)
    pacer = HostPacer(5.0, clock, sleeper)
    pacer.wait_for("https://one.example/a")
    pacer.wait_for("https://two.example/a")
    clock.now += 2
    pacer.wait_for("https://ONE.example/b")
    clock.now += 10
    pacer.wait_for("https://one.example/c")
    assert sleeper.waits == [3.0]


def test_a_page_that_fails_is_reported_and_the_others_are_still_checked(
        runner, session, editor, sleeper):
    changed = PORT_REOPENS.replace("after strike", "after the strike")
    other = PORT_REOPENS.replace("Port reopens after strike", "Port reopens, ships wait")
    pages = {"/there": other.replace("$3 million", "$4 million").encode()}
    with serving(pages, content_type="text/plain; charset=utf-8") as base:
        gone = _judged_article(session, editor, changed, f"{base}/gone")
        there = _judged_article(session, editor, other, f"{base}/there")
        result = runner.invoke(args=["revisions", "check"])
    assert result.exit_code == 1
    assert f"article {gone.id}: FAILED" in result.output and "HTTP 404" in result.output
    assert f"article {there.id}: revised, revision 2" in result.output
    assert _count(session, ArticleRevision) == 2  # revision 1 and 2 of the second article
