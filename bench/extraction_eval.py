"""Run the shared extraction scorer on our extractor (in-process) and print its SUMMARY.

    python bench/extraction_eval.py [--mode gum|claimbuster|all|speed] [--show-errors N]

Uses ../shared/eval/score_extraction.py next to the repository; skips with a message
when it is not there.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score_extraction.py"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mode", default="all", choices=["gum", "claimbuster", "all", "speed"])
    ap.add_argument("--show-errors", type=int, default=0)
    args = ap.parse_args(argv)
    if not SCORER.exists():
        print(f"skipped: {SCORER} not found (the shared evaluation data is not here)")
        return 0
    cmd = [
        sys.executable,
        str(SCORER),
        "--mode",
        args.mode,
        "--python",
        "factcheck.domain.extraction:extract_json",
    ]
    if args.show_errors:
        cmd += ["--show-errors", str(args.show_errors)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
