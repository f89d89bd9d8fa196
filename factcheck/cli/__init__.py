"""The ``factcheck`` command: Flask's CLI over the app factory, plus our own
commands (user, audit, demo, extract)."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup

from factcheck.cli.extract import extract_command


def _create_app() -> Flask:
    from factcheck import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="factcheck: claims, sources and verdicts.")
# Extraction needs no app, database or configuration, so it hangs off the
# group itself and starts fast.
main.add_command(extract_command)
