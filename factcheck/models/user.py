"""People who use factcheck."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from factcheck.domain.roles import Permission, Role, role_has
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow


class User(Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout, password change, role change and deactivation; a
    # session cookie carrying an older number no longer logs anyone in.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Not a column: the header's unread count, read in the statement that
    # loads the signed-in user for a page (one statement less on every
    # page). None wherever the user was loaded without it.
    unread_notifications: Mapped[int | None] = query_expression()

    # Flask-Login protocol --------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    # ----------------------------------------------------------------------
    def can(self, permission: Permission) -> bool:
        return self.active and role_has(self.role, permission)

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "email": self.email,
            "display_name": self.display_name,
            "role": self.role.value if self.role else None,
            "active": self.active,
        }

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
