"""`python -m factcheck.domain.extraction PATH|- [--json]`: print the extraction."""

from __future__ import annotations

import argparse
import sys

from . import extract_document, extract_json


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m factcheck.domain.extraction")
    ap.add_argument("path", help="UTF-8 text or HTML file, or - for stdin")
    ap.add_argument("--json", action="store_true", help="print the contract JSON")
    args = ap.parse_args(argv)
    if args.path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(args.path, "rb") as f:
            data = f.read()
    text = data.decode("utf-8", errors="replace")
    if args.json:
        sys.stdout.write(extract_json(text) + "\n")
        return 0
    ex = extract_document(text)
    for c in ex.claims:
        chain = " > ".join(
            f"{h.name} [{h.kind}]" for h in (c.attribution.chain if c.attribution else ())
        )
        print(f"{c.start}-{c.end} {c.kind} {c.checkworthiness:.2f} {chain}\n    {c.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
