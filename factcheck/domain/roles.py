"""Roles, permissions and which role holds which permission.

Deny by default: a permission not listed for a role is refused, and every
view must name the permission it needs (see ``factcheck.web.access``).
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    CHECKER = "checker"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Permission(enum.StrEnum):
    VIEW_ARTICLES = "view_articles"
    ADD_ARTICLES = "add_articles"
    EDIT_CLAIMS = "edit_claims"
    EDIT_SOURCES = "edit_sources"
    MERGE_SOURCES = "merge_sources"
    REVIEW_CLAIMS = "review_claims"
    ASSIGN_CLAIMS = "assign_claims"
    DECIDE_VERDICTS = "decide_verdicts"
    VIEW_DASHBOARD = "view_dashboard"
    EXPORT_REPORTS = "export_reports"
    IMPORT_VERDICTS = "import_verdicts"
    VIEW_HISTORY = "view_history"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_USERS = "manage_users"
    MANAGE_JOBS = "manage_jobs"  # the job status page and its Retry button
    # Where events go out to other systems (webhook endpoints, their secrets
    # and delivery logs): editors, who publish, and admins, who run the install.
    MANAGE_WEBHOOKS = "manage_webhooks"


_CHECKER = frozenset(
    {
        Permission.VIEW_ARTICLES,
        Permission.ADD_ARTICLES,
        Permission.EDIT_CLAIMS,
        Permission.EDIT_SOURCES,
        Permission.REVIEW_CLAIMS,
        Permission.VIEW_HISTORY,
    }
)
_EDITOR = _CHECKER | {
    Permission.MERGE_SOURCES,
    Permission.ASSIGN_CLAIMS,
    Permission.DECIDE_VERDICTS,
    Permission.VIEW_DASHBOARD,
    Permission.EXPORT_REPORTS,
    Permission.IMPORT_VERDICTS,
    Permission.MANAGE_WEBHOOKS,
}
# Admins run the installation (users, audit log). They are not editors:
# approving verdicts is an editorial act and stays with editors.
_ADMIN = frozenset(
    {
        Permission.VIEW_ARTICLES,
        Permission.VIEW_HISTORY,
        Permission.VIEW_DASHBOARD,
        Permission.VIEW_AUDIT_LOG,
        Permission.MANAGE_USERS,
        Permission.MANAGE_JOBS,
        Permission.IMPORT_VERDICTS,
        Permission.MANAGE_WEBHOOKS,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CHECKER: _CHECKER,
    Role.EDITOR: frozenset(_EDITOR),
    Role.ADMIN: _ADMIN,
}


def role_has(role: Role | None, permission: Permission) -> bool:
    if role is None:
        return False
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
