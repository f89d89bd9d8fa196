"""How transactions begin. SQLite: work declared read-only never takes the
write lock, so a writer elsewhere goes ahead; everything else takes it when
it begins, so two writers queue instead of failing half-way. PostgreSQL:
work declared read-only cannot write, and ends without losing the
connection's prepared statements."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from factcheck.database import configure_engine, end_reading, read_only, reading, writing
from tests.support.databases import temporary_database


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


# PostgreSQL: work declared read-only runs in a READ ONLY transaction and is
# ended with COMMIT (end_reading), which keeps psycopg's prepared statements.

PREPARED = "SELECT count(*) FROM pg_prepared_statements"


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[sa.Engine]:
    with temporary_database("postgresql", tmp_path) as url:
        # One connection, so every transaction below runs on the same one.
        engine = sa.create_engine(url, pool_size=1, max_overflow=0)
        configure_engine(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE notes (body TEXT)")
        yield engine
        engine.dispose()


def test_reading_on_postgresql_cannot_write(postgres: sa.Engine) -> None:
    with (reading(), postgres.connect() as connection, connection.begin(),
          pytest.raises(sa.exc.InternalError, match="read-only transaction")):
        connection.exec_driver_sql("INSERT INTO notes VALUES ('from a page')")
    # The same connection writes again once work is not declared read-only.
    with reading(), writing(), postgres.begin() as connection:
        connection.exec_driver_sql("INSERT INTO notes VALUES ('from a form')")
    with postgres.connect() as connection:
        assert connection.exec_driver_sql("SELECT body FROM notes").scalars().all() == [
            "from a form"]


def _pages(engine: sa.Engine, end: Callable[[Session], None]) -> int:
    """Seven "pages" that each run the same statement in a read-only
    session and end it with ``end``; then the prepared statements left on
    the (one) connection."""
    for _ in range(7):  # psycopg prepares a statement on its fifth run
        with reading(), Session(engine) as session:
            session.execute(sa.text("SELECT count(*) FROM notes WHERE body <> :body"),
                            {"body": "x"}).scalar()
            end(session)
    with engine.connect() as connection:
        return int(connection.exec_driver_sql(PREPARED).scalar_one())


def test_ending_reads_with_end_reading_keeps_prepared_statements(postgres: sa.Engine) -> None:
    assert _pages(postgres, end_reading) == 1


def test_a_rolled_back_read_loses_its_prepared_statements(postgres: sa.Engine) -> None:
    """Why end_reading commits: psycopg deallocates every prepared statement
    on ROLLBACK, so each page would plan all its statements again."""
    assert _pages(postgres, Session.rollback) == 0


def test_end_reading_leaves_writes_and_sqlite_alone(database: tuple[sa.Engine, Path]) -> None:
    engine, _ = database
    with reading(), Session(engine) as session:
        session.execute(sa.text("SELECT count(*) FROM notes")).scalar()
        end_reading(session)
        assert session.in_transaction()  # SQLite: left to the usual rollback
    with Session(engine) as session:
        session.execute(sa.text("INSERT INTO notes VALUES ('kept only if committed')"))
        end_reading(session)  # not declared read-only: nothing ended here
        session.rollback()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 0
