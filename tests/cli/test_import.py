"""``factcheck import``: a folder of 200 generated wire stories, progress
and a summary, one bad file failing alone, and a rerun that adds nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck.extensions import db
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.services.audit import trail as audit
from tests.support.factories import make_user

CITIES = ["LAGOS", "OSLO", "LIMA", "HANOI", "NAIROBI", "QUITO", "RIGA", "PERTH", "DAKAR", "BERN"]
AGENCIES = [("Reuters", "Reuters"), ("AP", "Associated Press"), ("AFP", "AFP")]
OFFICIALS = ["Finance Minister Ada Okafor", "Mayor Lars Berg", "Governor Rosa Quispe",
             "Health Minister Tran Van Long", "Police spokesman Peter Mwangi"]
TOPICS = [("inflation", "rose", "percent in {month}"),
          ("exports", "fell", "percent in {month}"),
          ("unemployment", "climbed", "percent in {month}"),
          ("rainfall", "dropped", "percent last {month}")]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def _story(number: int, rng: random.Random) -> tuple[str, str]:
    """A wire story of one of four shapes; returns (file suffix, text)."""
    city, (tag, agency) = rng.choice(CITIES), rng.choice(AGENCIES)
    official, month = rng.choice(OFFICIALS), rng.choice(MONTHS)
    topic, verb, unit = rng.choice(TOPICS)
    figure = rng.randint(2, 40) + number / 1000
    headline = f"{topic.capitalize()} {verb} sharply in story {number}"
    shape = number % 4
    if shape == 0:
        when = unit.format(month=month)
        body = (f"{city} ({tag}) - {topic.capitalize()} {verb} {figure} {when}, "
                f"the statistics office said on Tuesday.\n\n"
                f'"We expect a recovery by the end of the year," {official} told reporters.\n\n'
                f"Analysts polled by {agency} had expected a smaller change.")
        return ".txt", f"{headline}\nBy Staff Writer {number}\n\n{body}"
    if shape == 1:
        body = (f"{city}, {month} {number % 28 + 1} ({tag}) - {official} said {number * 3} "
                f"families had been moved from the river banks.\n\n"
                f"According to local media, at least {number % 9 + 2} bridges were closed.\n\n"
                f"Officials reportedly plan to reopen schools next week, sources told {agency}.")
        return ".md", f"# {headline}\n\n{body}"
    if shape == 2:
        return ".html", (
            f"<!doctype html><html><head><title>{headline}</title>"
            f'<meta name="author" content="Desk {number}"></head><body><article>'
            f"<h1>{headline}</h1><p>{city} ({tag}) - The central bank raised its main rate "
            f"to {figure} percent on Thursday, its governor said.</p>"
            f"<p>{official} said the decision would cool prices, {agency} reported.</p>"
            f"</article></body></html>")
    body = (f"{city} ({tag}) - A study by the {city.title()} Institute found that {figure} "
            f"percent of households lacked clean water.\n\n"
            f"The findings:\n- {number % 50 + 10} villages had no well\n"
            f"- {number % 7 + 1} clinics closed in {month}\n\n"
            f"{official} called the figures \"alarming\" and promised funding.")
    return ".txt", f"{headline}\n\n{body}"


@pytest.fixture
def cli_app(fresh_app):
    with fresh_app.app_context():
        upgrade()
        make_user(db.session, email="admin@import.example", role="admin")
    return fresh_app


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    rng = random.Random(20251031)
    root = tmp_path / "wires"
    (root / "later").mkdir(parents=True)
    for number in range(200):
        suffix, text = _story(number, rng)
        where = root / "later" if number >= 150 else root
        (where / f"story-{number:03d}{suffix}").write_text(text, encoding="utf-8")
    # A photo that was given a text name, in the middle of the run.
    (root / "story-100b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(512))
    (root / "notes.pdf").write_bytes(b"%PDF-1.7")  # not an article type: not picked up
    return root


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(sa.select(sa.func.count(Article.id))),
                db.session.scalar(sa.select(sa.func.count(Claim.id))))


def test_import_a_folder_with_one_bad_file(cli_app, folder):
    runner = cli_app.test_cli_runner()
    result = runner.invoke(args=["import", str(folder), "--outlet", "Wire desk",
                                 "--published", "2025-10-31"])
    assert result.exit_code == 1, result.output  # one failure: non-zero, as scripts expect
    assert "Importing" in result.output
    assert "Imported: 200. Already present: 0. Failed: 1." in result.output
    assert "story-100b.txt" in result.output and "binary" in result.output
    articles, claims = _counts(cli_app)
    assert articles == 200 and claims >= 600
    with cli_app.app_context():
        html_story = db.session.scalar(sa.select(Article).where(Article.title.like("% 2")))
        assert html_story.byline == "Desk 2"
        dated = db.session.scalar(sa.select(sa.func.count(Article.id))
                                  .where(Article.published_on.is_not(None)))
        assert dated == 200
        assert db.session.scalar(sa.select(sa.func.count(Article.id))
                                 .where(Article.outlet == "Wire desk")) > 0
        assert audit.verify(db.session).ok
        events = db.session.scalar(sa.select(sa.func.count(AuditEvent.seq)))

    again = runner.invoke(args=["import", str(folder)])
    assert "Imported: 0. Already present: 200. Failed: 1." in again.output
    assert _counts(cli_app) == (articles, claims)
    with cli_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.seq))) == events


def test_import_single_files_and_a_clean_run_exits_zero(cli_app, folder):
    runner = cli_app.test_cli_runner()
    files = [str(folder / "story-000.txt"), str(folder / "story-001.md")]
    result = runner.invoke(args=["import", *files])
    assert result.exit_code == 0, result.output
    assert "Imported: 2. Already present: 0. Failed: 0." in result.output
    assert _counts(cli_app)[0] == 2


def test_import_refuses_a_missing_path(cli_app, tmp_path):
    result = cli_app.test_cli_runner().invoke(args=["import", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "does not exist" in result.output
