"""A batch import killed with SIGKILL half way leaves no half article, and
running it again picks up where it stopped.

No polling: the eleventh file is a named pipe, so the importer stops on it
after committing ten articles and the test knows exactly when it got there
(opening the pipe to write returns then). The test hands it the article
and kills it at once, while that article is read, extracted or written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import sqlalchemy as sa

from tests.support.databases import temporary_database

CITIES = ["LISBON", "TALLINN", "OSAKA", "NAIROBI", "LIMA", "PERTH"]


PIPED = 10  # articles committed before the importer reaches the pipe


def _article(number: int) -> str:
    city = CITIES[number % len(CITIES)]
    return (f"Council {number} approves budget of {number + 3} million\n\n"
            f"{city}, 2025-0{1 + number % 9}-1{number % 9} (Test Wire) — The city council "
            f"approved a budget of {number + 3} million on Tuesday, officials said.\n\n"
            f"Mayor Dana Ruiz{number} told reporters the plan would add {number + 40} buses. "
            f"Critics reportedly said the figure was too low, according to local radio.\n\n"
            f"Reporting by Test Desk\n")


def _write_articles(folder: Path, count: int) -> list[Path]:
    """The article files in import order; the one at PIPED is a named pipe."""
    paths = [folder / f"story-{number:03d}.txt" for number in range(count)]
    for number, path in enumerate(paths):
        if number == PIPED:
            os.mkfifo(path)
        else:
            path.write_text(_article(number), encoding="utf-8")
    return paths


def _hand_over_when_read(pipe: Path, importer: subprocess.Popen[str]) -> threading.Thread:
    """Block until the importer opens the pipe, then give it its article.
    Should the importer end before it gets there, a watcher opens the pipe
    in its place, so the test fails with the importer's error instead of
    waiting for ever."""

    def stand_in_if_it_ends() -> None:
        importer.wait()
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))

    watcher = threading.Thread(target=stand_in_if_it_ends, daemon=True)
    watcher.start()
    with pipe.open("w", encoding="utf-8") as end:  # returns once a reader opens it
        assert importer.poll() is None, importer.communicate()[1]
        end.write(_article(PIPED))
    return watcher


def _cli(env, *args, **kwargs):
    command = [sys.executable, "-c", "from factcheck.cli import main; main()", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE, text=True, **kwargs)


def test_killed_import_leaves_whole_articles_and_resumes(backend, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    paths = _write_articles(folder, 50)
    with temporary_database(backend, tmp_path) as url:
        env = {**os.environ, "FACTCHECK_DATABASE_URL": url,
               "FACTCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
               "FACTCHECK_SECRET_KEY": "k" * 40}
        for args in (["db", "upgrade"], ["user", "add", "admin@example.org", "--role", "admin"]):
            process = _cli(env, *args)
            out, err = process.communicate("a long desk passphrase\n", timeout=120)
            assert process.returncode == 0, err

        engine = sa.create_engine(url)
        # Named one by one: a folder import passes over anything but regular files.
        importer = _cli(env, "import", *map(str, paths))
        watcher = _hand_over_when_read(paths[PIPED], importer)
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=30)
        assert importer.returncode == -signal.SIGKILL
        watcher.join()  # it stood in on the pipe as the importer ended; now replace it
        paths[PIPED].unlink()
        paths[PIPED].write_text(_article(PIPED), encoding="utf-8")

        with engine.connect() as connection:
            imported = connection.execute(sa.text("SELECT count(*) FROM articles")).scalar()
            assert imported in (PIPED, PIPED + 1)
            # Every article has exactly the claims its creation event announced.
            events = connection.execute(sa.text(
                "SELECT entity_id, after FROM audit_events WHERE action = 'article_created'"
            )).all()
            assert len(events) == imported
            for entity_id, after in events:
                stored = connection.execute(sa.text(
                    "SELECT count(*) FROM claims WHERE article_id = :id"), {"id": int(entity_id)}
                ).scalar()
                assert stored == json.loads(after)["claims"] > 0
        engine.dispose()

        verify = _cli(env, "audit", "verify")
        out, err = verify.communicate(timeout=60)
        assert verify.returncode == 0, err

        again = _cli(env, "import", str(folder))
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, err
        assert f"Imported: {50 - imported}. Already present: {imported}. Failed: 0." in out
