"""Who is acting: a logged-in user, or the system itself (the CLI run by
whoever operates the server, demo loading, migrations)."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from factcheck.domain.roles import Permission
from factcheck.models.user import User
from factcheck.services.core.errors import PermissionDenied


@dataclass(frozen=True)
class SystemActor:
    label: str

    id = None
    active = True

    def can(self, permission: Permission) -> bool:
        # Shell access to the server already grants everything.
        return True


def cli_actor() -> SystemActor:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return SystemActor(label=f"cli:{name}")


Actor = User | SystemActor


def actor_label(actor: Actor | None) -> str:
    if actor is None:
        return "anonymous"
    if isinstance(actor, SystemActor):
        return actor.label
    return actor.email


def require(actor: Actor | None, permission: Permission) -> None:
    """Deny by default: no actor, an inactive one, or a role without the
    permission is refused."""
    if actor is None or not actor.can(permission):
        raise PermissionDenied("You do not have permission to do that.")
