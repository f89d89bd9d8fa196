"""Deny by default. Every view declares who may reach it with exactly one
of these decorators; a view that declares nothing is refused to everyone,
so forgetting a check fails closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.domain.roles import Permission
from factcheck.security_log import security_event

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_ATTR = "_factcheck_access"
PUBLIC = "public"
AUTHENTICATED = "authenticated"



def public(view: F) -> F:
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def authenticated(view: F) -> F:
    """Any signed-in user, whatever the role (logout, own password)."""
    setattr(view, ACCESS_ATTR, AUTHENTICATED)
    return view


def requires(permission: Permission) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTR, permission)
        return view

    return decorate


def _access_for(app: Flask, endpoint: str | None) -> object:
    if endpoint is None:
        return None  # no route matched: let the 404/405 through
    if endpoint == "static":
        return PUBLIC
    view = app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, "undeclared")


def enforce_access() -> Response | None:
    access = _access_for(current_app, request.endpoint)
    if access is None or access == PUBLIC:
        return None
    from factcheck.web.api.auth import TokenPermission, authorize

    if isinstance(access, TokenPermission):
        # The API: a bearer token or nothing; session cookies play no part.
        authorize(access)
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if access == AUTHENTICATED:
        return None
    if isinstance(access, Permission) and current_user.can(access):
        return None
    security_event("permission_denied", actor=current_user.email, endpoint=request.endpoint,
                   method=request.method, needs=str(access), ip=request.remote_addr)
    abort(403)
