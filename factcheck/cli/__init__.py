"""The ``factcheck`` command: Flask's CLI over the app factory, plus our own
commands (user, audit, demo, import, export, extract)."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup

from factcheck.cli.extract import extract_command

# Flask's and its extensions' tools still work when named, but the help
# lists what a newsroom runs. ``db`` stays: upgrades are ``factcheck db upgrade``.
TOOLS_NOT_LISTED = frozenset({"limiter", "routes", "run", "shell"})
OPTIONS_NOT_LISTED = frozenset({"env_file", "app", "debug", "version"})


def _create_app() -> Flask:
    from factcheck import create_app

    return create_app()


class FactcheckGroup(FlaskGroup):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.name in OPTIONS_NOT_LISTED:
                param.hidden = True

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in super().list_commands(ctx) if name not in TOOLS_NOT_LISTED]


main = FactcheckGroup(create_app=_create_app, help="factcheck: claims, sources and verdicts.")
# Extraction needs no app, database or configuration, so it hangs off the
# group itself and starts fast.
main.add_command(extract_command)
