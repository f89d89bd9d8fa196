"""The handler registry: which function runs each kind of job.

A handler is ``fn(context) -> dict | None``. It runs in the transaction
that also marks its job succeeded, so whatever it writes to the database
commits exactly once, or not at all when the worker dies or the attempt
fails. Effects outside the database (a file, an HTTP call) must be keyed
so that a second run after a crash does nothing twice: a file named after
the job and replaced whole, a webhook sent with the job's id as its
message id. What it returns is kept as the job's result (JSON)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from factcheck.config import Settings
from factcheck.domain.jobs import JobKind
from factcheck.services.core.actors import Actor
from factcheck.services.core.session import DbSession


@dataclass(frozen=True)
class JobContext:
    session: DbSession
    actor: Actor  # who asked for the job (or the system, labelled with the job)
    job_id: int
    attempt: int  # 1 on the first run
    payload: Mapping[str, Any]
    settings: Settings
    files: Path  # where jobs keep files for people to download
    now: datetime


def files_folder(instance_path: str | Path) -> Path:
    """Where jobs keep files for people to download (reports), in the
    instance folder (shared by the workers and the web on one machine; on
    several, a shared mount)."""
    folder = Path(instance_path) / "job-files"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


Handler = Callable[[JobContext], "dict[str, Any] | None"]

_handlers: dict[JobKind, Handler] = {}


def register_handler(kind: JobKind, handler: Handler) -> None:
    """Run ``handler`` for jobs of ``kind``. The last registration wins, so a
    test (or a plug-in) may put its own in place."""
    _handlers[kind] = handler


def handler_for(kind: JobKind) -> Handler | None:
    return _handlers.get(kind)
