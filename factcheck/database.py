"""Engine set-up that differs per database: SQLite pragmas and transaction
start, and the lock that keeps the audit chain a single line."""

from __future__ import annotations

import select
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, scoped_session

T = TypeVar("T")

# Whether transactions begun here only read. Writing is the default, so
# nothing that writes can forget to say so; see ``reading``.
_read_only: ContextVar[bool] = ContextVar("factcheck_read_only", default=False)


@contextmanager
def reading() -> Iterator[None]:
    """Transactions begun inside only read: on SQLite they start deferred,
    so readers never wait for a writer. Whoever knows the work only reads
    says so (the web layer, for GET requests)."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def only_reading() -> bool:
    """Whether transactions begun now are declared read-only (``reading``)."""
    return _read_only.get()


def read_only(work: Callable[[], T]) -> Callable[[], T]:
    """``work`` run inside ``reading``, wherever it runs: a recount handed to
    a thread of its own does not carry the request's declaration with it."""
    def run() -> T:
        with reading():
            return work()
    return run


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside may write: on SQLite they take the write
    lock when they begin (the default everywhere, made explicit)."""
    token = _read_only.set(False)
    try:
        yield
    finally:
        _read_only.reset(token)


# Any constant will do; it only has to be the same in every process.
AUDIT_CHAIN_LOCK_ID = 4_281_101


def read_apart(session: Session | scoped_session[Any], read: Callable[[Session], T]) -> T:
    """Run ``read`` in a short transaction of its own, on ``session``'s
    database, and end it at once. A write request's own transaction takes
    SQLite's write lock when it begins, so what it reads before its slow
    part (who is signed in, the source registry for extraction) is read
    here instead: the lock is taken only when the writing starts, after
    the fetch or the extraction, not for the whole request. Objects read
    come back detached, their loaded attributes intact."""
    # Not expired on commit: end_reading commits on PostgreSQL, and what was
    # read must stay readable once detached.
    with reading(), Session(bind=session.get_bind(), expire_on_commit=False,
                            join_transaction_mode="create_savepoint") as own:
        result = read(own)
        end_reading(own)
        return result


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        _configure_postgresql(engine)


def end_reading(session: Session | scoped_session[Any], *, finished: bool = False) -> None:
    """End a read-only transaction on PostgreSQL with COMMIT rather than
    ROLLBACK. The two are the same for a transaction that cannot write
    (the server refuses writes in it, see ``_configure_postgresql``), but
    psycopg drops its prepared statements on every ROLLBACK (a rolled-back
    DDL could have changed what they refer to), so a page whose transaction
    was rolled back had every statement planned again on the next request:
    on the article and review pages that planning was most of the database
    server's work. SQLite, which enforces no read-only transaction, keeps
    the rollback.

    ``finished``: the caller is done with everything the session loaded (a
    request's end, the session removed next). The commit then leaves the
    objects as they are instead of expiring each one, a walk over every
    object the page loaded that nothing would ever read again: about a
    twentieth of the review page's CPU."""
    own = session() if isinstance(session, scoped_session) else session
    if only_reading() and own.in_transaction() and own.get_bind().dialect.name == "postgresql":
        expire_on_commit = own.expire_on_commit
        own.expire_on_commit = expire_on_commit and not finished
        try:
            own.commit()
        finally:
            own.expire_on_commit = expire_on_commit


def _configure_postgresql(engine: Engine) -> None:
    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Work declared read-only (``reading``) runs in a READ ONLY
        # transaction: a page (GET) that tried to write would fail instead
        # of having its writes quietly rolled back, and ending it with a
        # COMMIT (``end_reading``) can never keep a write. psycopg sends
        # "BEGIN READ ONLY" itself, so this costs no statement.
        dbapi_connection = connection.connection.dbapi_connection
        wanted = _read_only.get()
        if dbapi_connection.read_only != wanted:
            dbapi_connection.read_only = wanted

    @sa.event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        refuse_dead_connection(dbapi_connection)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Sessions in UTC whatever the server's default: timestamps come
        # back as datetime.UTC itself, which the UTCDateTime type passes
        # through without converting each value (an export reads many).
        cursor = dbapi_connection.cursor()
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.close()
        dbapi_connection.commit()


def refuse_dead_connection(dbapi_connection: Any) -> None:
    """A pooled PostgreSQL connection the server has closed (a restart, a
    dropped link, an idle timeout) is refused as it leaves the pool, and
    the pool opens a fresh one (SQLAlchemy's DisconnectionError), so the
    request it was for goes through. An idle connection has nothing to
    read: if its socket is readable, the server closed it or sent the
    notice it sends before closing. Asking the socket costs a system call;
    the pool's own pre-ping sent "SELECT 1" to the server and waited for
    the answer, on every request. A connection lost without the server
    closing it (a crashed host) is not seen here: its next query fails."""
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError("the connection was closed")
    # poll, not select: select refuses descriptors past 1,024, which a
    # process holding many kept-alive clients reaches.
    socket = select.poll()
    socket.register(dbapi_connection.fileno(), select.POLLIN)
    if socket.poll(0):
        raise DisconnectionError("the server closed the connection, or is closing it")


def _configure_sqlite(engine: Engine) -> None:
    memory = engine.url.database in (None, "", ":memory:")

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so that we decide
        # how each transaction begins (and savepoints work as documented).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Work declared read-only (``reading``) starts deferred transactions
        # so readers never wait. Everything else takes the write lock up
        # front: a WAL transaction that read first and writes later fails
        # outright when another writer committed in between, and the audit
        # chain reads the newest event before appending.
        if _read_only.get():
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_audit_chain(session: Session | scoped_session[Any]) -> None:
    """Serialize appends to the audit chain until this transaction ends."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK_ID})
    # SQLite: the transaction already holds the database's write lock
    # (BEGIN IMMEDIATE above), which serializes every writer.
