"""A batch import killed with SIGKILL half way leaves no half article, and
running it again picks up where it stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from tests.support.databases import temporary_database

CITIES = ["LISBON", "TALLINN", "OSAKA", "NAIROBI", "LIMA", "PERTH"]


def _write_articles(folder, count):
    for number in range(count):
        city = CITIES[number % len(CITIES)]
        (folder / f"story-{number:03d}.txt").write_text(
            f"Council {number} approves budget of {number + 3} million\n\n"
            f"{city}, 2025-0{1 + number % 9}-1{number % 9} (Test Wire) — The city council "
            f"approved a budget of {number + 3} million on Tuesday, officials said.\n\n"
            f"Mayor Dana Ruiz{number} told reporters the plan would add {number + 40} buses. "
            f"Critics reportedly said the figure was too low, according to local radio.\n\n"
            f"Reporting by Test Desk\n", encoding="utf-8")


def _cli(env, *args, **kwargs):
    command = [sys.executable, "-c", "from factcheck.cli import main; main()", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE, text=True, **kwargs)


def test_killed_import_leaves_whole_articles_and_resumes(backend, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    _write_articles(folder, 50)
    with temporary_database(backend, tmp_path) as url:
        env = {**os.environ, "FACTCHECK_DATABASE_URL": url,
               "FACTCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
               "FACTCHECK_SECRET_KEY": "k" * 40}
        for args in (["db", "upgrade"], ["user", "add", "admin@example.org", "--role", "admin"]):
            process = _cli(env, *args)
            out, err = process.communicate("a long desk passphrase\n", timeout=120)
            assert process.returncode == 0, err

        engine = sa.create_engine(url)
        importer = _cli(env, "import", str(folder))
        deadline = time.monotonic() + 120
        with engine.connect() as connection:
            while time.monotonic() < deadline:
                done = connection.execute(sa.text("SELECT count(*) FROM articles")).scalar()
                connection.rollback()
                if done >= 10:
                    break
                time.sleep(0.05)
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=30)
        assert importer.returncode == -signal.SIGKILL

        with engine.connect() as connection:
            imported = connection.execute(sa.text("SELECT count(*) FROM articles")).scalar()
            assert 10 <= imported < 50, "the kill must land in the middle of the import"
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
