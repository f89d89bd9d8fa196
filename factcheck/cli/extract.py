"""``factcheck extract PATH --json``: run claim extraction on a file."""

from __future__ import annotations

import sys

import click


@click.command("extract")
@click.argument("path", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, default=True,
              help="Print the extraction as JSON (the default and only format).")
def extract_command(path: str, as_json: bool) -> None:
    """Split an article (plain text or a web page's HTML) into claims with their
    sources; print JSON. HTML is recognised by its content and read as a web upload
    is; "text" in the output is the article text that the offsets index."""
    import json

    from factcheck.domain.extraction import extract_document

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
    extraction = extract_document(text)
    if not extraction.text.strip() and text.strip():
        raise click.ClickException(f"{path}: no article text could be found in that HTML")
    sys.stdout.write(json.dumps(extraction.to_dict(), ensure_ascii=False))
    sys.stdout.write("\n")
