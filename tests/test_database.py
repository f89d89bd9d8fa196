"""How transactions begin on SQLite: work declared read-only never takes the
write lock, so a writer elsewhere goes ahead; everything else takes it when
it begins, so two writers queue instead of failing half-way."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from factcheck.database import configure_engine, read_only, reading, writing


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[sa.Engine, Path]]:
    path = tmp_path / "locks.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    configure_engine(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (body TEXT)")
    yield engine, path
    engine.dispose()


def _another_writer_can_start(path: Path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    else:
        other.execute("ROLLBACK")
        return True
    finally:
        other.close()


def test_a_reading_transaction_leaves_the_write_lock_free(
        database: tuple[sa.Engine, Path]) -> None:
    engine, path = database
    with reading(), engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SELECT count(*) FROM notes").scalar()
        assert _another_writer_can_start(path)


def test_an_undeclared_transaction_takes_the_write_lock_when_it_begins(
        database: tuple[sa.Engine, Path]) -> None:
    engine, path = database
    with engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SELECT count(*) FROM notes").scalar()
        assert not _another_writer_can_start(path)


def test_writing_inside_reading_takes_the_write_lock(database: tuple[sa.Engine, Path]) -> None:
    engine, path = database
    with reading(), writing(), engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SELECT count(*) FROM notes").scalar()
        assert not _another_writer_can_start(path)
    with reading(), engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SELECT count(*) FROM notes").scalar()
        assert _another_writer_can_start(path)


def test_work_declared_read_only_reads_in_a_thread_of_its_own(
        database: tuple[sa.Engine, Path]) -> None:
    """A background recount runs in another thread, which does not inherit
    the request's declaration: ``read_only`` carries it along."""
    engine, path = database
    seen: list[bool] = []

    def recount() -> None:
        with engine.connect() as connection, connection.begin():
            connection.exec_driver_sql("SELECT count(*) FROM notes").scalar()
            seen.append(_another_writer_can_start(path))

    with reading():
        for work in (recount, read_only(recount)):
            thread = threading.Thread(target=work)
            thread.start()
            thread.join()
    assert seen == [False, True]  # undeclared there, then declared
