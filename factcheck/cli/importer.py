"""``factcheck import PATH...``: bring many article files in at once.

Each article is its own transaction: a failure loses nothing imported
before it and leaves no half article behind. Running it again skips what
is already there, so an interrupted import simply resumes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from factcheck.cli.options import DAY
from factcheck.extensions import db
from factcheck.services.core.actors import cli_actor
from factcheck.services.core.errors import ServiceError
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import HTML_EXTENSIONS, TEXT_EXTENSIONS, draft_from_upload

SUFFIXES = TEXT_EXTENSIONS + HTML_EXTENSIONS


def article_files(paths: tuple[str, ...]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--outlet", default="", help="Outlet for articles that do not name one.")
@click.option("--published", type=DAY, default=None,
              help="Publication date (YYYY-MM-DD) for articles that do not give one.")
@with_appcontext
def import_command(paths: tuple[str, ...], outlet: str, published: date | None) -> None:
    """Import article files (.txt, .md, .html, .htm) or folders of them."""
    actor = cli_actor()
    default_date = published
    files = list(article_files(paths))
    imported = present = 0
    failures: list[tuple[Path, str]] = []
    with click.progressbar(files, label="Importing", show_pos=True,
                           item_show_func=lambda p: p.name if p else "") as bar:
        for path in bar:
            try:
                draft = draft_from_upload(path.name, path.read_bytes())
                draft.outlet = draft.outlet or outlet
                draft.published = draft.published or default_date
                saved = articles.create_article(db.session, actor, draft)
                db.session.commit()
            except ServiceError as error:
                db.session.rollback()
                failures.append((path, error.message))
                continue
            except OSError as error:
                db.session.rollback()
                failures.append((path, f"cannot read: {error.strerror}"))
                continue
            except SQLAlchemyError as error:
                # One article the database refuses must not end the batch.
                db.session.rollback()
                failures.append((path, f"the database refused it ({error.__class__.__name__})"))
                continue
            if saved.created:
                imported += 1
            else:
                present += 1
    click.echo(f"Imported: {imported}. Already present: {present}. Failed: {len(failures)}.")
    for path, reason in failures:
        click.echo(f"  failed {path}: {reason}", err=True)
    if failures:
        raise SystemExit(1)
