"""Sentence splitting against GUM's gold sentence boundaries.

    python bench/sentence_agreement.py [--split tune|check|dev]

Splits each document the way extraction does (layout blocks, then sentences inside
each block, over-long sentences cut) and compares with the gold sentences
(doc_char_start/doc_char_end in ../shared/eval/gum_<split>/documents.jsonl). Prints
exact-span precision/recall/F1 (both ends must agree) and sentence-end F1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.domain.extraction.layout import analyze_layout  # noqa: E402
from factcheck.domain.extraction.sentences import split_sentences  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
FOLDERS = {"tune": "gum_tune", "check": "gum_check", "dev": "gum_news_dev"}


def predicted(text: str) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for blk in analyze_layout(text).blocks:
        spans.update(split_sentences(text, blk.start, blk.end))
    return spans


def f1(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="tune", choices=sorted(FOLDERS))
    args = ap.parse_args(argv)
    path = EVAL / FOLDERS[args.split] / "documents.jsonl"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    tp = n_pred = n_gold = 0
    etp = e_pred = e_gold = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            text = doc["text"]
            gold = {(s["doc_char_start"], s["doc_char_end"]) for s in doc["sentences"]}
            pred = predicted(text)
            tp += len(gold & pred)
            n_pred += len(pred)
            n_gold += len(gold)
            gold_ends = {b for _, b in gold}
            pred_ends = {b for _, b in pred}
            etp += len(gold_ends & pred_ends)
            e_pred += len(pred_ends)
            e_gold += len(gold_ends)
    p, r, f = f1(tp, n_pred, n_gold)
    ep, er, ef = f1(etp, e_pred, e_gold)
    print(f"split={args.split} gold sentences={n_gold} predicted={n_pred}")
    print(
        f"SUMMARY exact spans P={p:.3f} R={r:.3f} F1={f:.3f}   "
        f"ends P={ep:.3f} R={er:.3f} F1={ef:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
