"""Sign-in throttling (issue 15, item 5): attempts are reserved before the
password is checked, counted per account and address together, with a
higher ceiling for the account alone and waits that grow; wrong current
passwords on the password-change form are throttled and logged; only the
right password learns that an account is deactivated."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck.config import SETTINGS_KEY
from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from factcheck.models.throttle import ThrottleCounter
from factcheck.models.user import User
from tests.conftest import TEST_PASSWORD
from tests.support.config import change_settings, with_settings
from tests.support.factories import make_user
from tests.support.redis_server import redis_server

WRONG = "not the password at all"
STRANGER = {"REMOTE_ADDR": "198.51.100.23"}


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _post_login(client: Any, email: str, password: str, **kwargs: Any) -> Any:
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


@pytest.fixture(params=["database", "redis"])
def counted_in(request: pytest.FixtureRequest, fresh_app: Any, tmp_path: Any) -> Iterator[str]:
    """Counters in a database row, or in Redis where one is configured."""
    if request.param == "database":
        yield "database"
        return
    with redis_server(tmp_path) as url:
        change_settings(fresh_app.config, redis_url=url)
        yield "redis"


def test_sixty_simultaneous_wrong_passwords_check_at_most_the_limit(fresh_app, counted_in):
    """They used to be all checked: the count was read before and written
    after the check. Real threads, a real database (and Redis), commits for
    real."""
    with fresh_app.app_context():
        upgrade()
        make_user(db.session, email="target@example.org", role="checker")
    clients = [fresh_app.test_client() for _ in range(60)]
    tokens = [client.csrf_token() for client in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    lock = threading.Lock()

    def guess(client: Any, token: str) -> None:
        barrier.wait()
        response = client.post("/login", data={"email": "target@example.org",
                                               "password": WRONG, "csrf_token": token},
                               csrf=False)
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens,
                                                                         strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == 60
    assert statuses.count(200) == 5 and statuses.count(429) == 55, sorted(statuses)
    with fresh_app.app_context():
        checked = db.session.scalar(sa.select(sa.func.count(AuditEvent.seq))
                                    .where(AuditEvent.action == "login_failed"))
    assert checked == 5
    if counted_in == "redis":
        with fresh_app.app_context():
            rows = db.session.scalar(sa.select(sa.func.count(ThrottleCounter.key)))
        assert rows == 0  # counted in Redis, not in the database


def test_a_stranger_guessing_cannot_lock_the_owner_out(client, checker):
    for _ in range(8):
        _post_login(client, checker.email, WRONG, environ_base=STRANGER)
    assert _post_login(client, checker.email, WRONG, environ_base=STRANGER).status_code == 429
    # The owner, at their own address, signs in.
    assert _post_login(client, checker.email, TEST_PASSWORD).status_code == 302


def test_the_account_has_a_ceiling_across_addresses(app, client, checker, monkeypatch):
    monkeypatch.setitem(app.config, SETTINGS_KEY,
                        with_settings(app.config, login_limit_per_account="6 per hour"))
    for number in range(6):
        address = {"REMOTE_ADDR": f"198.51.100.{number + 1}"}
        assert _post_login(client, checker.email, WRONG, environ_base=address).status_code == 200
    response = _post_login(client, checker.email, TEST_PASSWORD,
                           environ_base={"REMOTE_ADDR": "198.51.100.99"})
    assert response.status_code == 429


def test_the_wait_grows_the_longer_someone_keeps_guessing(app, client, checker, monkeypatch):
    clock = Clock()
    monkeypatch.setitem(app.config, "THROTTLE_CLOCK", clock)
    waits = []
    for _minute in range(5):
        statuses = [_post_login(client, checker.email, WRONG).status_code for _ in range(6)]
        refused = _post_login(client, checker.email, WRONG)
        waits.append(int(refused.headers["Retry-After"]))
        assert refused.status_code == 429 and statuses[-1] == 429
        clock.now += 61
    # A minute's wait at first; past 20 failures in the hour, the rest of the hour.
    assert waits[0] <= 60
    assert waits[-1] > 60
    assert "Try again in" in refused.get_data(as_text=True)


def test_a_successful_sign_in_gives_its_attempt_back(client, checker):
    for _ in range(4):
        _post_login(client, checker.email, WRONG)
    for _ in range(3):
        assert _post_login(client, checker.email, TEST_PASSWORD).status_code == 302
        client.post("/logout")
    assert _post_login(client, checker.email, WRONG).status_code == 200


def test_wrong_current_passwords_are_throttled_and_logged(app, client, checker, login, caplog):
    login(checker)
    form = {"current": WRONG, "new": "another long passphrase", "confirm":
            "another long passphrase"}
    statuses = [client.post("/account/password", data=form).status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    assert "password_change_failed" in caplog.text
    with app.app_context():
        reasons = db.session.scalars(sa.select(AuditEvent.after).where(
            AuditEvent.action == "login_failed", AuditEvent.entity_id == str(checker.id))).all()
    assert len(reasons) == 5 and all("wrong current password" in r for r in reasons)
    # Even the right current password waits now.
    right = dict(form, current=TEST_PASSWORD)
    assert client.post("/account/password", data=right).status_code == 429


def test_a_refused_new_password_is_no_guess_and_does_not_count(client, checker, login):
    """The right current password with a new one the policy refuses: said
    so, nothing changed, and the attempt given back, so the person can keep
    choosing without being locked out."""
    login(checker)
    refused = {"current": TEST_PASSWORD, "new": "checker passphrase 2026",
               "confirm": "checker passphrase 2026"}
    for _ in range(6):
        response = client.post("/account/password", data=refused)
        assert response.status_code == 200
        assert "must not contain your email name" in response.get_data(as_text=True)
    accepted = {"current": TEST_PASSWORD, "new": "another long passphrase",
                "confirm": "another long passphrase"}
    assert client.post("/account/password", data=accepted).status_code == 302


def test_inactive_is_said_only_after_the_right_password(app, client, checker):
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == checker.id).values(active=False))
        db.session.commit()
    wrong = _post_login(client, checker.email, WRONG).get_data(as_text=True)
    assert "Email or password is not correct." in wrong and "deactivated" not in wrong
    right = _post_login(client, checker.email, TEST_PASSWORD)
    assert right.status_code == 200
    assert "deactivated" in right.get_data(as_text=True)
    assert client.get("/").status_code == 302
