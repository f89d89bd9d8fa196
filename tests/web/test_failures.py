"""When the database goes away or cannot be written: a clear 503, and the
app recovers by itself when the database returns."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from tests.conftest import TEST_PASSWORD
from tests.support.config import make_test_config
from tests.support.databases import temporary_database
from tests.support.factories import make_user
from tests.support.web import CsrfClient


class SwitchableProxy:
    """A TCP forwarder to the database that the test can cut and restore,
    standing in for a database server that goes down and comes back."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.close()

    def cut(self) -> None:
        self.up = False
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass
        self.connections.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def proxied_app(backend, tmp_path) -> Iterator[tuple[object, SwitchableProxy]]:
    """Its own database (real commits, not the rolled-back test transaction),
    reached through the switchable proxy."""
    if backend != "postgresql":
        pytest.skip("a database server that goes away exists only on PostgreSQL")
    with temporary_database(backend, tmp_path) as database_url:
        url = make_url(database_url)
        proxy = SwitchableProxy(url.host or "127.0.0.1", url.port or 5432)
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False)
        app = create_app(make_test_config(proxied, tmp_path / "instance"))
        app.test_client_class = CsrfClient
        with app.app_context():
            upgrade()
        yield app, proxy
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        proxy.close()


def _reading(application) -> CsrfClient:
    """A checker signed in on ``application``, their home page served."""
    with application.app_context():
        user = make_user(db.session, email="reader@example.org", role="checker")
    client = application.test_client()
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert client.get("/").status_code == 200
    return client


def test_database_down_gives_503_and_recovers(proxied_app):
    application, proxy = proxied_app
    client = _reading(application)

    proxy.cut()
    response = client.get("/")
    assert response.status_code == 503
    assert "database cannot be reached" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"

    proxy.restore()
    assert client.get("/").status_code == 200  # no restart needed


def test_connections_the_server_closed_are_replaced_unseen(proxied_app):
    """A database restart between two requests: the pooled connections are
    dead, and the next page opens a fresh one instead of failing."""
    application, proxy = proxied_app
    client = _reading(application)

    proxy.cut()
    proxy.restore()
    for _ in range(3):  # every pooled connection was cut
        assert client.get("/").status_code == 200


def test_read_only_database_gives_a_clear_error_and_saves_nothing(backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("a read-only database file is a SQLite situation")
    path = tmp_path / "ro.sqlite3"
    writable = create_app(make_test_config(f"sqlite:///{path}", tmp_path / "instance"))
    with writable.app_context():
        upgrade()
        make_user(db.session, email="ro@example.org", role="checker")
        count = db.session.scalar(sa.select(sa.func.count(AuditEvent.seq)))
        db.engine.dispose()
    # The same file opened read-only, as after a remount or a full disk
    # (file permissions would not stop root, so the open mode does it).
    app = create_app(make_test_config(f"sqlite:///file:{path}?mode=ro&uri=true",
                                      tmp_path / "instance"))
    app.test_client_class = CsrfClient
    client = app.test_client()
    response = client.post("/login", data={"email": "ro@example.org",
                                           "password": TEST_PASSWORD})
    assert response.status_code == 503
    assert "cannot be written" in response.get_data(as_text=True)
    with writable.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.seq))) == count
        db.engine.dispose()
    with app.app_context():
        db.engine.dispose()
