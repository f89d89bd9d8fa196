"""A worker whose job stops half way and waits to be told to go on, for
the kill test (tests/worker/test_worker_killed.py). Run as a process:

    python -m tests.support.blocking_job worker --workers 1

It is ``factcheck`` itself, with one handler put in place once the app is
built: re-extraction jobs write their effect (a source named after the
job), then say which attempt this is on the named pipe ``started`` and
wait to read ``release`` before they return."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from factcheck import create_app
from factcheck.cli import FactcheckGroup
from factcheck.domain.jobs import JobKind
from factcheck.domain.sources import SourceKind
from factcheck.models.source import Source
from factcheck.services.jobs import JobContext, register_handler

KIND = JobKind.REEXTRACT


def effect_name(job_id: int) -> str:
    return f"Effect of job {job_id}"


def block_half_way(context: JobContext) -> dict[str, Any]:
    name = effect_name(context.job_id)
    context.session.add(Source(name=name, name_key=name.lower(), kind=SourceKind.PERSON))
    context.session.flush()  # written, not committed: a kill now must lose it
    folder = Path(str(context.payload["folder"]))
    with (folder / "started").open("w", encoding="utf-8") as started:  # waits for the test
        started.write(f"{context.attempt}\n")
    with (folder / "release").open(encoding="utf-8") as release:
        release.read()
    return {"attempt": context.attempt}


def _app() -> Flask:
    app = create_app()
    register_handler(KIND, block_half_way)  # after the app registered its own
    return app


if __name__ == "__main__":
    FactcheckGroup(create_app=_app)()
