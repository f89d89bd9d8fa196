"""Accounts: creating them, signing in and out, roles and deactivation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.database import only_reading, read_apart
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.emails import InvalidEmailError, normalize_email
from factcheck.domain.passwords import PasswordPolicyError, check_password_policy
from factcheck.domain.roles import Permission, Role
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import Conflict, NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.review import notifications
from factcheck.services.users.passwords import hash_password, needs_rehash, verify_password

ENTITY = "user"


class WrongCurrentPassword(ValidationFailed):
    """Someone at a signed-in session does not know its password."""


def record_wrong_current_password(session: DbSession, user: User) -> None:
    audit.record(session, user, AuditAction.LOGIN_FAILED, ENTITY, user.id,
                 after={"reason": "wrong current password on the password-change form"})


def _valid_email(raw: str) -> str:
    try:
        return normalize_email(raw)
    except InvalidEmailError as error:
        raise ValidationFailed(str(error)) from error


def _valid_password(password: str, email: str) -> str:
    try:
        return check_password_policy(password, email=email)
    except PasswordPolicyError as error:
        raise ValidationFailed(str(error)) from error


def find_by_email(session: DbSession, email: str) -> User | None:
    try:
        key = normalize_email(email)
    except InvalidEmailError:
        return None
    return session.scalar(sa.select(User).where(User.email == key))


def user_for_session(session: DbSession, user_id: int, session_version: int) -> User | None:
    """Who a signed-in session belongs to: nobody once the account is
    deactivated or its session version moved on (logout, password or role
    change), even for a cookie copied before the change.

    Read apart, then attached without a query: a write request's own
    transaction (and on SQLite the write lock) begins only when the view
    writes, not before its fetch or extraction. A request that only reads
    (a GET) takes no lock and reads it in its own transaction: one
    connection and one transaction per page, not two."""
    if only_reading():
        # A page: the header's unread count comes in the same statement.
        user = session.scalars(notifications.user_with_unread_count(),
                               {"user_id": user_id}).first()
    else:
        user = read_apart(session, lambda own: own.get(User, user_id))
    if user is None or not user.active or user.session_version != session_version:
        return None
    return user if only_reading() else session.merge(user, load=False)


def get_user(session: DbSession, actor: Actor, user_id: int) -> User:
    require(actor, Permission.MANAGE_USERS)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def list_users(session: DbSession, actor: Actor) -> Sequence[User]:
    require(actor, Permission.MANAGE_USERS)
    return session.scalars(sa.select(User).order_by(User.active.desc(), User.email)).all()


def create_user(session: DbSession, actor: Actor, *, email: str, display_name: str,
                role: Role, password: str) -> User:
    require(actor, Permission.MANAGE_USERS)
    key = _valid_email(email)
    name = display_name.strip() or key.split("@", 1)[0]
    if len(name) > 120:
        raise ValidationFailed("Display name must be at most 120 characters.")
    password = _valid_password(password, key)
    if session.scalar(sa.select(User.id).where(User.email == key)) is not None:
        raise Conflict(f"A user with the email {key} already exists.")
    user = User(email=key, display_name=name, role=role, active=True,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, AuditAction.USER_CREATED, ENTITY, user.id,
                 after=user.audit_snapshot())
    return user


@dataclass(frozen=True)
class SignIn:
    user: User | None  # set only when the person may sign in
    inactive: bool = False  # the right password, for a deactivated account

    @property
    def message(self) -> str:
        # Only someone who knows the password learns the account is inactive.
        if self.inactive:
            return "This account has been deactivated. Ask an administrator to reactivate it."
        return "Email or password is not correct."


def authenticate(session: DbSession, email: str, password: str) -> SignIn:
    """Check a login. Success and failure are both audited; the password
    never is. A wrong email or password gives no hint as to which."""
    user = find_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        audit.record(session, None, AuditAction.LOGIN_FAILED, ENTITY,
                     user.id if user else None,
                     actor_name=_printable(email),
                     after={"reason": "inactive" if ok and user else "bad credentials"})
        return SignIn(None, inactive=bool(ok and user))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(session, user, AuditAction.LOGIN, ENTITY, user.id)
    return SignIn(user)


def _printable(raw: str) -> str:
    """An attempted email as a single safe line (a newline in a username
    must not forge a second log record)."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in raw.strip())
    return cleaned[:320] or "(blank)"


def logout(session: DbSession, user: User) -> None:
    """End every session of this user (a saved cookie stops working)."""
    user.session_version += 1
    audit.record(session, user, AuditAction.LOGOUT, ENTITY, user.id)


def change_role(session: DbSession, actor: Actor, user: User, role: Role) -> None:
    require(actor, Permission.MANAGE_USERS)
    if user.role == role:
        return
    if user.id == getattr(actor, "id", None) and role is not Role.ADMIN:
        raise ValidationFailed("You cannot remove your own admin role.")
    before = user.audit_snapshot()
    user.role = role
    user.session_version += 1
    audit.record(session, actor, AuditAction.USER_ROLE_CHANGED, ENTITY, user.id,
                 before=before, after=user.audit_snapshot())


def set_active(session: DbSession, actor: Actor, user: User, active: bool) -> None:
    require(actor, Permission.MANAGE_USERS)
    if user.active == active:
        return
    if user.id == getattr(actor, "id", None) and not active:
        raise ValidationFailed("You cannot deactivate your own account.")
    before = user.audit_snapshot()
    user.active = active
    user.session_version += 1
    action = AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED
    audit.record(session, actor, action, ENTITY, user.id, before=before,
                 after=user.audit_snapshot())


def update_user(session: DbSession, actor: Actor, user: User, *, role: Role,
                active: bool) -> None:
    """The admin form's one save: role and active flag together."""
    change_role(session, actor, user, role)
    set_active(session, actor, user, active)


def change_password(session: DbSession, user: User, *, current: str, new: str) -> None:
    """A user changes their own password; every other session ends. A
    wrong current password is audited (in a transaction of the caller's
    that is committed even though the change is refused)."""
    if not verify_password(user.password_hash, current):
        raise WrongCurrentPassword("Your current password is not correct.")
    new = _valid_password(new, user.email)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.session_version += 1
    audit.record(session, user, AuditAction.PASSWORD_CHANGED, ENTITY, user.id)


def reset_password(session: DbSession, actor: Actor, user: User, new: str) -> None:
    """An admin (or the CLI) sets a password for someone; their sessions end."""
    require(actor, Permission.MANAGE_USERS)
    new = _valid_password(new, user.email)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.session_version += 1
    audit.record(session, actor, AuditAction.PASSWORD_CHANGED, ENTITY, user.id)
