"""Commands that need the app: users, the audit chain, the demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from factcheck.domain.audit_chain import parse_anchor
from factcheck.domain.roles import Role
from factcheck.extensions import db
from factcheck.models.types import utcnow
from factcheck.services.audit import state as audit_state
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import cli_actor
from factcheck.services.core.errors import ServiceError
from factcheck.services.users import accounts as users


def register_commands(app: Flask) -> None:
    from factcheck.cli.claimreview import claimreview_group
    from factcheck.cli.demo import demo_command
    from factcheck.cli.export import export_command
    from factcheck.cli.figures import figures_group
    from factcheck.cli.importer import import_command
    from factcheck.cli.jobs import jobs_group, reextract_command, worker_command
    from factcheck.cli.revisions import revisions_group
    from factcheck.cli.webhooks import webhooks_group

    app.cli.add_command(user_group)
    app.cli.add_command(audit_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
    app.cli.add_command(claimreview_group)
    app.cli.add_command(revisions_group)
    app.cli.add_command(worker_command)
    app.cli.add_command(reextract_command)
    app.cli.add_command(jobs_group)
    app.cli.add_command(webhooks_group)
    app.cli.add_command(figures_group)


def read_password(confirm: bool = True) -> str:
    """From an interactive prompt, or one line of stdin when piped; never
    from an argument, where it would end up in shell history."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm))
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@click.group("user", cls=AppGroup, help="Manage user accounts.")
def user_group() -> None:
    pass


@user_group.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--name", "display_name", default="", help="Display name (default: from email).")
def user_add(email: str, role: str, display_name: str) -> None:
    """Add a user; the password is read from a prompt or stdin."""
    password = read_password()
    try:
        user = users.create_user(db.session, cli_actor(), email=email, display_name=display_name,
                                 role=Role(role), password=password)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Added {user.email} ({user.role.value}).")


@user_group.command("set-password")
@click.argument("email")
def user_set_password(email: str) -> None:
    """Set a user's password (read from a prompt or stdin); ends their sessions."""
    user = users.find_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    password = read_password()
    try:
        users.reset_password(db.session, cli_actor(), user, password)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Password set for {user.email}.")


@user_group.command("list")
def user_list() -> None:
    """List users with their role and status."""
    for user in users.list_users(db.session, cli_actor()):
        status = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.role.value}\t{status}\t{user.display_name}")


@click.group("audit", cls=AppGroup, help="Check the tamper-evident audit trail.")
def audit_group() -> None:
    pass


@audit_group.command("verify")
@click.option("--anchor", default=None, metavar="SEQ:HASH",
              help="A head recorded earlier with 'factcheck audit head'; catches lost newest rows.")
@click.option("--anchor-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A file written by 'factcheck audit anchor --append': every "
                                 "head in it must still be in the chain.")
@click.option("--state", is_flag=True,
              help="Also replay the events and compare them with the current claims, reviews "
                   "and verdicts, naming every row changed outside the application.")
def audit_verify(anchor: str | None, anchor_file: Path | None, state: bool) -> None:
    """Exit 0 if the chain (and, with --state, the data) is intact; otherwise
    name the first broken seq and every row that differs."""
    try:
        anchor_pair = parse_anchor(anchor) if anchor else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--anchor") from error
    anchors = read_anchor_file(anchor_file) if anchor_file else []
    result = audit.verify(db.session, anchor=anchor_pair, anchors=anchors)
    if not result.ok:
        click.echo(f"BROKEN at seq {result.broken_seq}: {result.reason} "
                   f"({result.checked} events verified before it)", err=True)
        sys.exit(1)
    keyed = "keyed (HMAC)" if audit.audit_key() else "unkeyed: set FACTCHECK_AUDIT_KEY"
    click.echo(f"OK: {result.checked} events, head {result.head_seq}:{result.head_hash} "
               f"({keyed})")
    if state and not _state_matches():
        sys.exit(1)


def _state_matches() -> bool:
    report = audit_state.check_state(db.session)
    for difference in report.differences:
        click.echo(f"CHANGED OUTSIDE THE APPLICATION: {difference}", err=True)
    if report.unrecorded_bulk:
        click.echo(f"Note: {report.unrecorded_bulk} rows were written in bulk by the synthetic "
                   "archive loader, which records one event for the archive; they are not "
                   "checked row by row.")
    if report.ok:
        click.echo(f"OK: {report.checked} claims, reviews and verdicts match the trail.")
    return report.ok


def read_anchor_file(path: Path) -> list[tuple[int, str]]:
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            anchors.append(parse_anchor(line))
        except ValueError as error:
            raise click.BadParameter(f"line {number}: {error}",
                                     param_hint="--anchor-file") from error
    return anchors


@audit_group.command("head")
def audit_head() -> None:
    """Print SEQ:HASH of the newest event, to keep outside the database."""
    seq, digest = audit.head(db.session)
    click.echo(f"{seq}:{digest}")


@audit_group.command("anchor")
@click.option("--append", "append_to", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The append-only file (outside the database) to add to.")
def audit_anchor(append_to: Path) -> None:
    """Verify the chain, then append its head (SEQ:HASH and the time) to a
    file kept outside the database. Run it from cron; see the README."""
    result = audit.verify(db.session, anchors=read_anchor_file(append_to)
                          if append_to.exists() else [])
    if not result.ok:
        click.echo(f"BROKEN at seq {result.broken_seq}: {result.reason}; nothing appended",
                   err=True)
        sys.exit(1)
    line = f"{result.head_seq}:{result.head_hash} {utcnow().isoformat(timespec='seconds')}\n"
    # O_APPEND: each run adds a line and never rewrites what is there.
    fd = os.open(append_to, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line)
    click.echo(f"Appended {result.head_seq}:{result.head_hash} to {append_to}")
