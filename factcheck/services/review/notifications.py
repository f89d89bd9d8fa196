"""In-app notifications and the header's unread count."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import selectinload, with_expression

from factcheck.domain.roles import Permission, Role, role_has
from factcheck.models.claim import Claim
from factcheck.models.notification import Notification, NotificationKind
from factcheck.models.types import utcnow
from factcheck.models.user import User
from factcheck.services.core.session import DbSession

DECIDERS = [role for role in Role if role_has(role, Permission.DECIDE_VERDICTS)]


def notify(session: DbSession, user_ids: Iterable[int | None], kind: NotificationKind,
           claim: Claim, message: str, *, skip: int | None = None) -> None:
    """One notification per person; the person who acted is not told
    about their own action."""
    for user_id in sorted({uid for uid in user_ids if uid is not None and uid != skip}):
        session.add(Notification(user_id=user_id, kind=kind, claim_id=claim.id,
                                 message=message[:500]))


def notify_editors(session: DbSession, kind: NotificationKind, claim: Claim, message: str,
                   *, skip: int | None = None, told: Iterable[int] = ()) -> None:
    """Everyone who decides verdicts: a claim now needs their decision.
    Those already ``told`` about it (an editor who reviewed it) are not
    told twice."""
    editors = session.scalars(sa.select(User.id).where(User.active.is_(True),
                                                       User.role.in_(DECIDERS))).all()
    notify(session, set(editors) - set(told), kind, claim, message, skip=skip)


def unread_count(session: DbSession, user: User) -> int:
    """The header's count: the one read with the user when the page loaded
    it so (``user_with_unread_count``), else counted now."""
    if user.unread_notifications is not None:
        return user.unread_notifications
    return session.scalar(
        sa.select(sa.func.count(Notification.id))
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


@cache
def user_with_unread_count() -> sa.Select[User]:
    """The signed-in user by ``user_id``, with ``User.unread_notifications``
    loaded as a subquery of the same statement. Built once: every page
    runs it, and building it (``session.get`` with the loader option builds
    a new statement and its cache key on each call) cost more than running
    it."""
    unread = (sa.select(sa.func.count(Notification.id))
              .where(Notification.user_id == User.id, Notification.read_at.is_(None))
              .scalar_subquery())
    return (sa.select(User).where(User.id == sa.bindparam("user_id"))
            .options(with_expression(User.unread_notifications, unread)))


def recent(session: DbSession, user: User, limit: int = 100) -> Sequence[Notification]:
    return session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.id.desc()).limit(limit)
        .options(selectinload(Notification.claim))
    ).all()


def mark_all_read(session: DbSession, user: User) -> int:
    """Reading notifications is not audited: it changes nothing anyone
    else relies on."""
    result = session.scalars(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).returning(Notification.id)
    ).all()
    return len(result)
