"""Deny by default: swept from the URL map, so a new route cannot slip
through without declaring who may use it."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import Forbidden

from factcheck import create_app
from factcheck.domain.roles import Permission, Role, role_has
from factcheck.web.access import ACCESS_ATTR, AUTHENTICATED, PUBLIC
from tests.support.config import make_test_config
from tests.support.routes import PUBLIC_ENDPOINTS, all_routes


def test_every_view_declares_its_access(app):
    undeclared = [endpoint for endpoint, view in app.view_functions.items()
                  if endpoint != "static" and not hasattr(view, ACCESS_ATTR)]
    assert undeclared == []
    public = {endpoint for endpoint, view in app.view_functions.items()
              if getattr(view, ACCESS_ATTR, None) == PUBLIC} | {"static"}
    assert public == PUBLIC_ENDPOINTS


def test_anonymous_access_to_every_route_goes_to_login(app, client):
    checked = 0
    for route in all_routes(app):
        if route.endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(route.url, method=route.method,
                               data={"csrf_token": client.csrf_token()})
        assert response.status_code == 302, route
        assert "/login?next=" in response.headers["Location"], route
        checked += 1
    assert checked >= 6


def test_role_by_route_matrix(app, client, make_user, login):
    users = {role: make_user(email=f"{role.value}@matrix.example", role=role) for role in Role}
    routes = [(route, getattr(app.view_functions[route.endpoint], ACCESS_ATTR))
              for route in all_routes(app) if route.endpoint not in PUBLIC_ENDPOINTS]
    for role, user in users.items():
        client.post("/logout")
        assert login(user).status_code == 302
        for route, access in routes:
            if route.endpoint == "auth.logout":
                continue  # would end the session this sweep is using
            response = client.open(route.url, method=route.method,
                                   data={"csrf_token": client.csrf_token()})
            if access == AUTHENTICATED or (isinstance(access, Permission)
                                           and role_has(role, access)):
                assert response.status_code != 403, (role, route)
                assert response.status_code < 500, (role, route)
            else:
                assert response.status_code == 403, (role, route)


@pytest.mark.parametrize("role,allowed", [
    (Role.CHECKER, False), (Role.EDITOR, False), (Role.ADMIN, True)])
def test_only_admins_reach_user_admin_and_audit_log(client, make_user, login, role, allowed):
    login(make_user(role=role))
    for url in ("/admin/users", "/admin/users/new", "/admin/audit"):
        assert (client.get(url).status_code == 200) is allowed, url


class _SignedInEditor:
    is_authenticated = True
    email = "editor@example.org"

    def can(self, permission):
        return True


def test_a_view_without_declared_access_is_refused(tmp_path, monkeypatch):
    application = create_app(make_test_config(f"sqlite:///{tmp_path / 'x.sqlite3'}",
                                         tmp_path / "instance"))

    @application.route("/forgot-to-protect")
    def forgot() -> str:
        return "secret"

    from factcheck.web.access import enforce_access

    with application.test_request_context("/forgot-to-protect"):
        # Anonymous: sent to sign in, like every other private page.
        assert enforce_access().status_code == 302
        # Signed in with every permission: still refused, nothing declared.
        monkeypatch.setattr("factcheck.web.access.current_user", _SignedInEditor())
        with pytest.raises(Forbidden):
            enforce_access()
