"""What a job handler raises to say how its attempt ended, other than by
returning (success)."""

from __future__ import annotations


class RetryLater(Exception):
    """This attempt failed for a reason that may pass (a server down, a
    timeout): try again after the back-off, while attempts remain. Any
    other exception a handler lets out is treated the same way."""


class PermanentFailure(Exception):
    """Trying again cannot help (the article is gone, the address is
    refused): the job fails at once, whatever attempts remain. An admin may
    still retry it from the status page."""
