"""What the audit trail records. One member per kind of state change."""

from __future__ import annotations

import enum


class AuditAction(enum.StrEnum):
    # Accounts and sessions
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    USER_CREATED = "user_created"
    USER_UPDATED = "user_updated"
    USER_ROLE_CHANGED = "user_role_changed"
    USER_DEACTIVATED = "user_deactivated"
    USER_REACTIVATED = "user_reactivated"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an event name
    PERMISSION_DENIED = "permission_denied"
    # Personal access tokens for the API
    API_TOKEN_CREATED = "api_token_created"  # noqa: S105 - an event name
    API_TOKEN_REVOKED = "api_token_revoked"  # noqa: S105 - an event name
    API_TOKEN_REFUSED = "api_token_refused"  # noqa: S105 - a revoked or expired one was used
    # Articles and claims
    ARTICLE_CREATED = "article_created"
    ARTICLE_UPDATED = "article_updated"
    CLAIM_CREATED = "claim_created"
    CLAIM_UPDATED = "claim_updated"
    CLAIM_SPLIT = "claim_split"
    CLAIM_MERGED = "claim_merged"
    CLAIM_ASSIGNED = "claim_assigned"
    CLAIM_STATUS_CHANGED = "claim_status_changed"
    # Revisions: a new text, claims following it, verdicts it made stale
    ARTICLE_REVISED = "article_revised"
    CLAIM_REANCHORED = "claim_reanchored"
    STALE_VERDICT_CONFIRMED = "stale_verdict_confirmed"
    STALE_VERDICT_REOPENED = "stale_verdict_reopened"
    # Sources and attributions
    SOURCE_CREATED = "source_created"
    SOURCE_UPDATED = "source_updated"
    SOURCE_MERGED = "source_merged"
    SOURCE_CONFIRMED = "source_confirmed"
    SOURCE_DELETED = "source_deleted"
    ATTRIBUTION_CREATED = "attribution_created"
    ATTRIBUTION_UPDATED = "attribution_updated"
    ATTRIBUTION_DELETED = "attribution_deleted"
    # Reviews and verdicts
    REVIEW_SAVED = "review_saved"
    REVIEW_SUBMITTED = "review_submitted"
    REVIEW_REVISED = "review_revised"
    VERDICT_APPROVED = "verdict_approved"
    VERDICT_PUBLISHED = "verdict_published"
    VERDICT_REOPENED = "verdict_reopened"
    # Other fact-checkers' verdicts (ClaimReview import)
    EXTERNAL_VERDICTS_IMPORTED = "external_verdicts_imported"
    EXTERNAL_VERDICT_UPDATED = "external_verdict_updated"
    SAME_CLAIM_LINKED = "same_claim_linked"
    # Reports
    EXPORT_CREATED = "export_created"
    # Background jobs
    JOB_RETRIED = "job_retried"
    JOBS_PRUNED = "jobs_pruned"  # finished jobs past FACTCHECK_JOBS_KEEP_DAYS forgotten
    # Webhooks: endpoints, their secrets, test events, automatic disabling
    WEBHOOK_ENDPOINT_CREATED = "webhook_endpoint_created"
    WEBHOOK_ENDPOINT_UPDATED = "webhook_endpoint_updated"
    WEBHOOK_ENDPOINT_DELETED = "webhook_endpoint_deleted"
    WEBHOOK_SECRET_ROTATED = "webhook_secret_rotated"  # noqa: S105 - an event name
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled"
    WEBHOOK_TEST_QUEUED = "webhook_test_queued"
    # Load testing: one event for a whole generated archive
    SYNTHETIC_ARCHIVE_LOADED = "synthetic_archive_loaded"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()
