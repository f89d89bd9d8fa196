"""Page metadata and article text: our reading (factcheck.domain.pages) beside
trafilatura alone, on our own fixture pages (tests/fixtures/pages).

    python bench/page_metadata.py [--pages DIR]

For each page: headline, date, byline and outlet right or wrong (against
expected.json), and the article text's 4-token-shingle F1 against NAME.body.txt
(the body as a reader sees it; the headline line that we put on top is left out
of our text for this comparison, so both sides are scored on the body alone).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.domain.pages import read_page  # noqa: E402

FIELDS = ("title", "published", "byline", "outlet")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = text.split()
    return Counter(tuple(toks[i : i + n]) for i in range(max(0, len(toks) - n + 1)))


def shingle_f1(got: str, gold: str) -> float:
    g, w = shingles(got), shingles(gold)
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def _names(byline: str | None) -> set[str]:
    if not byline:
        return set()
    parts = byline.replace(" and ", ";").replace(",", ";").split(";")
    return {" ".join(p.split()).lower() for p in parts if p.strip()}


def trafilatura_alone(html: str) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    d = doc.as_dict() if doc is not None else {}
    return {
        "title": d.get("title"),
        "published": (d.get("date") or "")[:10] or None,
        "byline": d.get("author"),
        "outlet": d.get("sitename"),
        "text": d.get("text") or "",
    }


def ours(html: str) -> dict[str, Any]:
    page = read_page(html)
    text = page.text
    if page.title and text.startswith(page.title + "\n\n"):
        text = text[len(page.title) + 2 :]
    return {
        "title": page.title,
        "published": page.published,
        "byline": page.byline,
        "outlet": page.outlet,
        "text": text,
    }


def right(field: str, got: Any, want: Any) -> bool:
    if field == "byline":
        return _names(got) == _names(want)
    return (got or None) == (want or None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=Path, default=ROOT / "tests" / "fixtures" / "pages")
    args = ap.parse_args(argv)
    expected = json.loads((args.pages / "expected.json").read_text(encoding="utf-8"))
    readers = {"trafilatura": trafilatura_alone, "ours": ours}
    totals = {r: Counter[str]() for r in readers}
    f1s: dict[str, list[float]] = {r: [] for r in readers}
    names = sorted(n for n in expected if not n.startswith("_"))
    for name in names:
        want = expected[name]
        html = (args.pages / name).read_text(encoding="utf-8")
        gold = (args.pages / name.replace(".html", ".body.txt")).read_text(encoding="utf-8")
        print(f"{name}  ({want.get('shape', '')})")
        for reader, fn in readers.items():
            got = fn(html)
            marks = []
            for field in FIELDS:
                ok = right(field, got[field], want[field])
                totals[reader][field] += ok
                marks.append(f"{field}={'ok' if ok else 'WRONG ' + repr(got[field])}")
            f1 = shingle_f1(got["text"], gold)
            f1s[reader].append(f1)
            print(f"  {reader:12s} text F1 {f1:.3f}  " + "  ".join(marks))
    n = len(names)
    print()
    print(f"{'':12s} {'headline':>9s} {'date':>6s} {'byline':>7s} {'outlet':>7s} {'text F1':>8s}")
    for reader in readers:
        t = totals[reader]
        mean_f1 = sum(f1s[reader]) / n if n else 0.0
        print(
            f"{reader:12s} {t['title']:>5d}/{n:<3d} {t['published']:>2d}/{n:<3d} "
            f"{t['byline']:>3d}/{n:<3d} {t['outlet']:>3d}/{n:<3d} {mean_f1:8.3f}"
        )
        print(
            f"SUMMARY {reader} headline={t['title']}/{n} date={t['published']}/{n} "
            f"byline={t['byline']}/{n} outlet={t['outlet']}/{n} text_f1={mean_f1:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
