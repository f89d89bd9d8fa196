"""Throughput: the whole extraction versus pysbd's sentence splitting alone.

    python bench/extraction_speed.py [--size 1000000] [--runs 3]

Both run in this process on the same ~1 MB of news text, built by repeating the
project's own article fixtures (tests/fixtures/articles/*.txt). pysbd splits each
non-empty line (paragraph), which is what it is for; our number is the full pipeline
(layout, metadata, sentences, dependency parse, attribution, carry-over, claims). Prints both
throughputs in characters/s and sentences/s (sentences as counted by pysbd) and their ratio,
by wall-clock time and by this process's CPU time (which is what one core delivers when other
processes share the machine). The target is >= 500 sentences/s on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.domain.extraction import extract  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def corpus(size: int) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    one = "\n\n".join(parts)
    reps = size // (len(one) + 2) + 1
    return "\n\n".join([one] * reps)


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def cpu_timed(fn: Callable[[], object]) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def interleaved(runs: int, ours: Callable[[], object], theirs: Callable[[], object]
                ) -> tuple[float, float, float]:
    """Alternate the two, round by round, so a change in machine load hits
    both alike; report each one's best time and the median per-round ratio."""
    mine, pysbd_times, ratios = [], [], []
    for _ in range(runs):
        a, b = timed(ours), timed(theirs)
        mine.append(a)
        pysbd_times.append(b)
        ratios.append(b / a)
    return min(mine), min(pysbd_times), statistics.median(ratios)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    try:
        import pysbd
    except ImportError:
        print("skipped: pysbd is not installed (pip install pysbd)")
        return 0
    text = corpus(args.size)
    paragraphs = [p for p in text.split("\n") if p.strip()]
    seg = pysbd.Segmenter(language="en", clean=False)
    n_sent = sum(len(seg.segment(p)) for p in paragraphs)
    n_claims = len(extract(text).claims)
    t_ours, t_pysbd, ratio = interleaved(args.runs, lambda: extract(text),
                                         lambda: [seg.segment(p) for p in paragraphs])
    print(
        f"text: {len(text):,} chars, {len(paragraphs):,} paragraphs, "
        f"{n_sent:,} pysbd sentences, {n_claims:,} claims extracted"
    )
    print(
        f"extraction (whole pipeline): {t_ours:.3f} s  {len(text) / t_ours:,.0f} chars/s  "
        f"{n_sent / t_ours:,.0f} sentences/s"
    )
    print(
        f"pysbd splitting alone:       {t_pysbd:.3f} s  {len(text) / t_pysbd:,.0f} chars/s  "
        f"{n_sent / t_pysbd:,.0f} sentences/s"
    )
    print(f"ratio (extraction / pysbd throughput): {ratio:.2f}x median of {args.runs} "
          f"interleaved rounds; best times give {t_pysbd / t_ours:.2f}x")
    cpu = min(cpu_timed(lambda: extract(text)) for _ in range(args.runs))
    print(f"extraction by CPU time (one core): {cpu:.3f} s  {n_sent / cpu:,.0f} sentences/s  "
          f"(target >= 500 sentences/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
