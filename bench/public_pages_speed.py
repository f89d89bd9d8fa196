"""Time and SQL statements of the public fact-check pages and feeds on a
synthetic archive, as an anonymous reader, on SQLite and on PostgreSQL.

    python bench/public_pages_speed.py [--claims 100000] [--runs 30] [--pg URL] [--only sqlite]

Loads ``factcheck demo --synthetic`` into a throwaway database (see
bench/pages_speed.py), gives its published verdicts the snapshot the
workflow would have frozen (the synthetic loader writes verdict rows
without one; migration 0005 backfilled old rows the same way), runs
ANALYZE, then requests each page --runs times (the DataFeed, which streams
every published verdict, fewer times). Reported per page: median and 95th
percentile time and the statements of one request.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.pages_speed import database, measure  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.demo.synthetic import load_synthetic  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.verdict import Verdict  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.publication import listing  # noqa: E402


def _snapshot_published(session: Any) -> int:
    """What decide() freezes, for rows written straight to the table."""
    result = session.execute(sa.text(
        "UPDATE verdicts SET claim_text = (SELECT text FROM claims "
        "WHERE claims.id = verdicts.claim_id), chains_json = '[]' "
        "WHERE claim_text IS NULL AND published_at IS NOT NULL"))
    return int(result.rowcount or 0)


def bench(kind: str, url: str, claims: int, runs: int) -> dict[str, dict[str, float]]:
    instance = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40,
                      "INSTANCE_PATH": str(instance), "RATELIMIT_ENABLED": False,
                      "PUBLIC_BASE_URL": "https://checks.example"})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        report = load_synthetic(db.session, SystemActor(label="bench"), claims)
        frozen = _snapshot_published(db.session)
        db.session.commit()
        print(f"  {kind}: loaded {report.summary()}, {frozen} published verdicts, in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        with db.engine.connect() as connection:
            connection.execute(sa.text("ANALYZE"))
            connection.commit()
        published = listing.list_published(db.session, listing.PublicFilters(), page=1)
        claim_id = published.items[0].claim_id
        corrected = db.session.scalar(sa.select(Verdict.claim_id)
                                      .where(Verdict.supersedes_id.is_not(None),
                                             Verdict.published_at.is_not(None)).limit(1))
        db.session.remove()
        engine = db.engine
    client = app.test_client()
    pages = {"list": "/fact-checks/", "list (page 40)": "/fact-checks/?page=40",
             "list (rating, outlet)": "/fact-checks/?rating=false&outlet=Harbour+Gazette",
             "fact-check": f"/fact-checks/{claim_id}",
             "fact-check (corrected)": f"/fact-checks/{corrected or claim_id}",
             "atom feed": "/fact-checks/feed.atom"}
    results = {name: measure(client, engine, page, runs) for name, page in pages.items()}
    results["datafeed (all)"] = measure(client, engine, "/fact-checks/feed.jsonld",
                                        max(3, runs // 10))
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pg", default=os.environ.get("FACTCHECK_TEST_DATABASE_URL"))
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    kinds = [args.only] if args.only else ["sqlite", "postgresql"]
    table = {}
    for kind in kinds:
        with database(kind, args.pg) as url:
            table[kind] = bench(kind, url, args.claims, args.runs)
    print(f"\n{args.claims} claims, {args.runs} requests per page (ms; statements per request)")
    print(f"{'page':<24}" + "".join(f"{kind + ' median':>20}{'p95':>9}{'stmts':>7}"
                                    for kind in kinds))
    for page in table[kinds[0]]:
        row = f"{page:<24}"
        for kind in kinds:
            figures = table[kind][page]
            row += f"{figures['median']:>20.1f}{figures['p95']:>9.1f}{figures['statements']:>7.0f}"
        print(row)


if __name__ == "__main__":
    main()
