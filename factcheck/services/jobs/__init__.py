"""Background jobs: a ledger in the app's database, carried to workers by a
queue engine (Huey on SQLite or Redis; see ``factcheck.worker``).

The API other features build on:

- ``enqueue(session, actor, kind, payload, key)``: a job, written in the
  caller's transaction (it exists if and only if the caller commits) and
  handed to a worker after the commit. ``key`` is the job's idempotency
  key: enqueueing the same key again returns the first job.
- ``register_handler(kind, fn)``: ``fn(context) -> dict | None`` runs jobs
  of ``kind`` (a ``JobKind`` from ``factcheck.domain.jobs``). Register at
  import time, in a module listed in ``factcheck.worker.queue.HANDLER_MODULES``
  so every worker process has it. The handler's database writes commit
  with the job's success, exactly once; anything else it does must be keyed
  so a re-run (after a crash or a retry) does nothing twice.
- ``RetryLater``: this attempt failed, try again after the back-off (any
  other exception counts the same); ``PermanentFailure``: fail now.
"""

from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.services.jobs.errors import PermanentFailure, RetryLater
from factcheck.services.jobs.handlers import JobContext, register_handler
from factcheck.services.jobs.ledger import enqueue

__all__ = ["JobContext", "JobKind", "JobStatus", "PermanentFailure", "RetryLater", "enqueue",
           "register_handler"]
