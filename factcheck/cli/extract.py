"""``factcheck extract PATH --json``: run claim extraction on a file."""

from __future__ import annotations

import sys

import click


@click.command("extract")
@click.argument("path", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, default=True,
              help="Print the extraction as JSON (the default and only format).")
def extract_command(path: str, as_json: bool) -> None:
    """Split an article into claims with their sources; print JSON."""
    from factcheck.domain.extraction import extract_json

    if path == "-":
        raw = sys.stdin.buffer.read()
    else:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            raise click.ClickException(f"cannot read {path}: {error.strerror}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{path} is not UTF-8 text (byte {error.start} cannot be decoded)"
        ) from error
    sys.stdout.write(extract_json(text))
    sys.stdout.write("\n")
