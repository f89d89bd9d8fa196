"""Bad input is a 400 (issue 15, item 6): every date, number and id in a
query string or form is bounded. A date at the end of the calendar used to
overflow ``date + timedelta`` deep in a query and answer 500."""

from __future__ import annotations

from typing import Any

import pytest
from flask import before_render_template

from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.routes import all_routes

HOSTILE_QUERY = ("9999-12-31", "0001-01-01", "-1", str(10**30), "abc")
HOSTILE_FORM = ("9999-12-31", str(10**30))
END_OF_TIME = "9999-12-31"


@pytest.fixture
def desk(app, client, editor, admin, session):
    """An editor's and an admin's client, with one article to point ids at."""
    save_article(session, acting(session, editor), PORT_REOPENS)
    admin_client = app.test_client()
    admin_client.post("/login", data={"email": admin.email,
                                      "password": "correct horse battery staple 9"})
    client.post("/login", data={"email": editor.email,
                                "password": "correct horse battery staple 9"})
    return {"editor": client, "admin": admin_client}


class _Recorder:
    """Every name a request asks its query string or form for, present or
    not, until a template starts rendering (an error page's other forms are
    not what the request reads): what the sweep fills with hostile values."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.rendering = False

    def start(self) -> None:
        self.names.clear()
        self.rendering = False

    def note(self, key: object) -> None:
        if not self.rendering:
            self.names.add(str(key))

    def wrap(self, values: Any) -> Any:
        note = self.note

        class Recording(type(values)):  # type: ignore[misc]
            def __contains__(self, key: object) -> bool:
                note(key)
                return super().__contains__(key)

            def __getitem__(self, key: str) -> Any:
                note(key)
                return super().__getitem__(key)

            def get(self, key: str, *args: Any, **kwargs: Any) -> Any:
                note(key)
                return super().get(key, *args, **kwargs)

            def getlist(self, key: str, *args: Any, **kwargs: Any) -> Any:
                note(key)
                return super().getlist(key, *args, **kwargs)

        return Recording(values)


@pytest.fixture
def recorder(app, monkeypatch):
    found = _Recorder()
    base = app.request_class

    class RecordingRequest(base):  # type: ignore[misc, valid-type]
        @property
        def args(self) -> Any:  # type: ignore[override]
            return found.wrap(super().args)

        @property
        def form(self) -> Any:  # type: ignore[override]
            return found.wrap(super().form)

    def rendering(*_args: Any, **_kwargs: Any) -> None:
        found.rendering = True

    monkeypatch.setattr(app, "request_class", RecordingRequest)
    before_render_template.connect(rendering, app)
    yield found
    before_render_template.disconnect(rendering, app)


def _routes(app: Any, method: str) -> list[tuple[str, str]]:
    """(who may reach it, url) for every route with this method."""
    skipped = {"/logout", "/login"}  # signing out would end the sweep; sign-in is tested apart
    return sorted({("admin" if route.url.startswith("/admin") else "editor", route.url)
                   for route in all_routes(app)
                   if route.method == method and route.endpoint != "static"
                   and not (method == "POST" and route.url in skipped)})


def _status(client: Any, method: str, url: str, data: dict[str, str]) -> int:
    """The response's status; an exception the app let escape (tests
    propagate them) counts as the 500 a visitor would get."""
    try:
        if method == "GET":
            return int(client.get(url, query_string=data).status_code)
        return int(client.post(url, data=data).status_code)
    except Exception:
        return 500


def _sweep(app: Any, desk: Any, recorder: _Recorder, method: str,
           values: tuple[str, ...]) -> list[tuple[str, str, str, int]]:
    """Ask each route once to learn the names it reads, then send every
    hostile value in each name, one name at a time (a form that fails on one
    field would otherwise hide what another does)."""
    failures = []
    for who, url in _routes(app, method):
        recorder.start()
        _status(desk[who], method, url, {})
        for name in sorted(recorder.names - {"csrf_token"}):
            for value in values:
                status = _status(desk[who], method, url, {name: value})
                if status >= 500:
                    failures.append((url, name, value, status))
    return failures


def test_every_page_answers_hostile_query_values_without_a_server_error(app, desk, recorder):
    assert _sweep(app, desk, recorder, "GET", HOSTILE_QUERY) == []


def test_every_form_answers_hostile_values_without_a_server_error(app, desk, recorder):
    assert _sweep(app, desk, recorder, "POST", HOSTILE_FORM) == []


def test_the_sweep_finds_the_names_a_page_reads(app, desk, recorder):
    """The sweep cannot pass by finding nothing to send."""
    recorder.start()
    desk["editor"].get("/claims")
    assert {"since", "until", "page", "article", "verdict_week", "reviewer2"} <= recorder.names
    recorder.start()
    desk["editor"].post("/exports", data={})
    assert {"date_from", "date_to", "format"} <= recorder.names


@pytest.mark.parametrize(("who", "url", "names"), [
    ("editor", "/claims", ("since", "until")),
    ("editor", "/claims", ("verdict_week", "published_week", "reviewed_since")),
    ("editor", "/dashboard", ("since", "until")),
    ("admin", "/admin/audit", ("since", "until")),
])
def test_a_date_at_the_end_of_the_calendar_is_a_clear_400(desk, who, url, names):
    for name in names:
        response = desk[who].get(f"{url}?{name}={END_OF_TIME}")
        assert response.status_code == 400, (url, name)
        assert "between" in response.get_data(as_text=True), (url, name)


@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_exports_refuse_a_date_at_the_end_of_the_calendar(desk, field):
    response = desk["editor"].post("/exports", data={"format": "csv", "status": "",
                                                     field: END_OF_TIME})
    assert response.status_code == 400
    assert "between" in response.get_data(as_text=True)


def test_article_published_date_is_bounded(desk):
    response = desk["editor"].post("/articles/new", data={
        "action": "save", "text": PORT_REOPENS, "published": END_OF_TIME})
    assert response.status_code == 400
    assert "between" in response.get_data(as_text=True)


def test_a_date_far_in_the_past_is_refused_too(desk):
    response = desk["editor"].get("/claims?since=0001-01-01")
    assert response.status_code == 400


def test_an_ordinary_date_range_still_works(desk):
    response = desk["editor"].get("/claims?since=2025-01-01&until=2025-12-31")
    assert response.status_code == 200


def test_export_command_refuses_a_date_at_the_end_of_the_calendar(runner, tmp_path):
    result = runner.invoke(args=["export", "--format", "csv", "--to", END_OF_TIME,
                                 "--out", str(tmp_path / "out.csv")])
    assert result.exit_code != 0
    assert "between" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_assigning_to_an_id_past_32_bits_is_a_clear_refusal(desk, session, editor):
    import sqlalchemy as sa

    from factcheck.models.claim import Claim

    claim_id = session.scalar(sa.select(Claim.id).limit(1))
    response = desk["editor"].post(f"/claims/{claim_id}/assign",
                                   data={"assignee": str(10**30), "version": "1"})
    assert response.status_code in (400, 409)


def test_import_command_refuses_a_date_at_the_end_of_the_calendar(runner, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(PORT_REOPENS, encoding="utf-8")
    result = runner.invoke(args=["import", str(story), "--published", END_OF_TIME])
    assert result.exit_code == 2
    assert "between" in result.output
