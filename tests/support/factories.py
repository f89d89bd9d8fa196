"""Build real rows through the services, as the app would."""

from __future__ import annotations

import itertools
from typing import Any

from factcheck.domain.roles import Role
from factcheck.models.user import User
from factcheck.services.core.actors import SystemActor
from factcheck.services.users import accounts as users

SYSTEM = SystemActor(label="tests")
_counter = itertools.count(1)


def make_user(session: Any, *, email: str | None = None, role: str | Role = Role.CHECKER,
              password: str = "correct horse battery staple 9", name: str = "",
              commit: bool = True) -> User:
    email = email or f"user{next(_counter)}@example.org"
    user = users.create_user(session, SYSTEM, email=email, display_name=name or email.split("@")[0],
                             role=Role(role), password=password)
    if commit:
        session.commit()
        # Hand back a loaded, detached copy: tests read its fields outside
        # the app context that created it.
        session.refresh(user)
        session.expunge(user)
    return user
