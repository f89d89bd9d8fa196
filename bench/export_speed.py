"""Streaming export speed and memory, on SQLite and PostgreSQL.

    python bench/export_speed.py [--rows 100000] [--small 20000] [--pg URL]

Builds a throwaway database per backend (a temp SQLite file; on PostgreSQL,
when --pg or FACTCHECK_TEST_DATABASE_URL names a server, a uniquely named
database that is created and dropped) holding ``--rows`` published verdicts
written with bulk inserts: each claim rests on a two-hop chain, one in fifty
was corrected. Then exports CSV and ClaimReview through the export service,
all rows and a date range holding ``--small`` of them, and prints rows/s
(a plain run) and peak memory growth (a second run under tracemalloc, which
slows Python, so it is not timed). Flat memory across the two row counts is
the point: rows stream in keyset batches and are never held together.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.domain.claimreview import Publisher  # noqa: E402
from factcheck.domain.claims import ClaimKind, ClaimStatus  # noqa: E402
from factcheck.domain.ratings import TruthRating  # noqa: E402
from factcheck.domain.roles import Role  # noqa: E402
from factcheck.domain.sources import SourceKind  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import (  # noqa: E402
    Article,
    Attribution,
    AttributionHop,
    Claim,
    Correction,
    CorrectionKind,
    Source,
    User,
    Verdict,
)
from factcheck.scratch_db import scratch_postgres_database  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.exports import formats as exports  # noqa: E402
from factcheck.services.exports.query import ExportFilters  # noqa: E402

CLAIMS_PER_ARTICLE = 100
DAYS = 100
START = datetime(2025, 1, 1, 9, tzinfo=UTC)
RATINGS = list(TruthRating)
SETTINGS = exports.ExportSettings(Publisher("Bench Desk", "https://bench.example"))
ACTOR = SystemActor(label="bench")


@contextmanager
def database(backend: str, pg_url: str | None, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    with scratch_postgres_database(pg_url or "", "factcheck_bench") as url:
        yield url


def _insert(table: Any, rows: list[dict[str, Any]], chunk: int = 10_000) -> None:
    for start in range(0, len(rows), chunk):
        db.session.execute(sa.insert(table.__table__), rows[start:start + chunk])


def day_of(claim_number: int, total: int) -> datetime:
    """Verdicts spread evenly over DAYS days in claim order."""
    return START + timedelta(days=(claim_number - 1) * DAYS // total, minutes=claim_number % 600)


def build(total: int) -> float:
    started = time.perf_counter()
    now = datetime.now(UTC)
    _insert(User, [{"id": 1, "email": "bench@example.org", "display_name": "Bench",
                    "password_hash": "x", "role": Role.EDITOR}])
    _insert(Source, [{"id": n, "name": f"Source {n}", "name_key": f"source {n}",
                      "kind": SourceKind.PERSON if n % 2 else SourceKind.PUBLICATION}
                     for n in range(1, 51)])
    articles = total // CLAIMS_PER_ARTICLE + 1
    _insert(Article, [{"id": n, "title": f"Harbour report {n}", "outlet": f"Outlet {n % 7}",
                       "url": f"https://news.example/{n}", "published_on": date(2025, 1, 1),
                       "body": "x" * 80 * CLAIMS_PER_ARTICLE, "content_hash": f"{n:064x}",
                       "added_by_id": 1, "added_at": now} for n in range(1, articles + 1)])
    claims, chains, hops, verdicts, corrections = [], [], [], [], []
    for n in range(1, total + 1):
        article_id = (n - 1) // CLAIMS_PER_ARTICLE + 1
        offset = ((n - 1) % CLAIMS_PER_ARTICLE) * 80
        when = day_of(n, total)
        claims.append({"id": n, "article_id": article_id,
                       "text": f"Cargo through berth {n} fell by {n % 90}% in the quarter",
                       "start": offset, "end": offset + 60, "kind": ClaimKind.FACTUAL,
                       "status": ClaimStatus.PUBLISHED, "checkworthiness": 0.5,
                       "created_at": now, "updated_at": now})
        chains.append({"id": n, "claim_id": n, "position": 0})
        hops += [{"attribution_id": n, "position": 0, "source_id": n % 50 + 1, "hedges": "",
                  "inherited": False},
                 {"attribution_id": n, "position": 1, "source_id": (n + 7) % 50 + 1,
                  "hedges": "", "inherited": False}]
        verdicts.append({"claim_id": n, "rating": RATINGS[n % len(RATINGS)],
                         "public_rationale": "Port records show a different figure.",
                         "approved_by_id": 1, "approved_at": when, "published_at": when,
                         "correction_note": ""})
        if n % 50 == 0:
            corrections.append({"claim_id": n, "kind": CorrectionKind.VERDICT_CHANGED,
                                "note": "Customs data arrived.", "created_by_id": 1,
                                "created_at": when + timedelta(days=3)})
    for table, rows in ((Claim, claims), (Attribution, chains), (AttributionHop, hops),
                        (Verdict, verdicts), (Correction, corrections)):
        _insert(table, rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    return time.perf_counter() - started


def run_export(fmt: exports.ExportFormat, filters: ExportFilters) -> int:
    job = exports.start_export(db.session, ACTOR, fmt, filters, SETTINGS,
                               end_read=db.session.rollback)
    db.session.commit()
    with open(os.devnull, "wb") as sink:
        for chunk in job.chunks:
            sink.write(chunk.encode("utf-8"))
    return job.outcome.rows


def measure(fmt: exports.ExportFormat, filters: ExportFilters) -> tuple[int, float, float]:
    started = time.perf_counter()
    rows = run_export(fmt, filters)
    rate = rows / (time.perf_counter() - started)
    db.session.expunge_all()
    tracemalloc.start()
    baseline, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    run_export(fmt, filters)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, rate, (peak - baseline) / 1024 / 1024


def bench_backend(backend: str, pg_url: str | None, total: int, small: int
                  ) -> dict[tuple[str, str], tuple[int, float, float]]:
    results: dict[tuple[str, str], tuple[int, float, float]] = {}
    with tempfile.TemporaryDirectory() as folder, database(backend, pg_url, Path(folder)) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": f"{folder}/instance",
                          "SECRET_KEY": "bench-secret-key-long-enough-for-the-app"})
        with app.app_context():
            upgrade()
            seconds = build(total)
            print(f"{backend}: built {total:,} published verdicts in {seconds:.1f}s",
                  file=sys.stderr)
            # The first `small` claims fall in the first small*DAYS/total days.
            cutoff = day_of(small, total).date()
            subsets = {"small": ExportFilters(date_to=cutoff), "all": ExportFilters()}
            for fmt in (exports.ExportFormat.CSV, exports.ExportFormat.CLAIMREVIEW):
                for label, filters in subsets.items():
                    results[(fmt.value, label)] = measure(fmt, filters)
            db.session.remove()
            db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--pg", default=os.environ.get("FACTCHECK_TEST_DATABASE_URL"),
                        help="PostgreSQL server URL (a temp database is created there)")
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    if not args.pg:
        print("PostgreSQL skipped: pass --pg URL or set FACTCHECK_TEST_DATABASE_URL",
              file=sys.stderr)
    results = {backend: bench_backend(backend, args.pg, args.rows, args.small)
               for backend in backends}
    header = f"{'format':<12}{'rows':>9}"
    for backend in backends:
        header += f"{backend + ' rows/s':>22}{'peak MB':>10}"
    print(header)
    for fmt in ("csv", "claimreview"):
        for label in ("small", "all"):
            rows = results["sqlite"][(fmt, label)][0]
            line = f"{fmt:<12}{rows:>9,}"
            for backend in backends:
                _, rate, peak = results[backend][(fmt, label)]
                line += f"{rate:>22,.0f}{peak:>10.1f}"
            print(line)
    print("target: >= 20,000 rows/s, peak memory growth < 50 MB at any row count")


if __name__ == "__main__":
    main()
