"""Errors a service raises; the web layer turns each into a clear page."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: a message fit to show to the person who acted."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404


class ValidationFailed(ServiceError):
    status_code = 400


class Conflict(ServiceError):
    """Someone else changed the thing first; nothing was overwritten."""

    status_code = 409
