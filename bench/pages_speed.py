"""Render time and SQL statements of the dashboard, the claim list, an
article page, a claim's review page and the other list pages (home,
articles, sources, queues) on a synthetic archive, on SQLite and on
PostgreSQL.

    python bench/pages_speed.py [--claims 100000] [--runs 30] [--pg URL] [--only sqlite]

For each database it makes a throwaway one (a temporary SQLite file; on
PostgreSQL a new database on the server of --pg or FACTCHECK_TEST_DATABASE_URL,
dropped afterwards), migrates it, loads the demo and a synthetic archive
(``factcheck demo --synthetic``), runs ANALYZE as autovacuum would, then signs
in as the demo editor with Flask's test client and requests each page --runs
times. Reported per page: median and 95th percentile render time, the median
CPU time of this process per request (single-threaded, in-process: robust to
other load on the machine) and the SQL statements of one request. It
then prints the plan of each list page's slowest statement (EXPLAIN ANALYZE
on PostgreSQL, EXPLAIN QUERY PLAN on SQLite), which shows the index each
reads. The dashboard is measured twice: as served (its
periodic figures, backlog by age, turnaround, reviewers, recounted at most
every FACTCHECK_FIGURES_MAX_AGE seconds: the first request recounts them and
is reported as "first") and with those figures recounted on every request
("periodic recount", what a refresh costs). The rest of the dashboard, the
home page and the registry read maintained counters: nothing is cached.

    --figures    only the figures pages (dashboard, home, sources), and a
                 dashboard filtered by outlet, aggregated on every request
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.demo import seed as demo  # noqa: E402
from factcheck.demo.synthetic import load_synthetic  # noqa: E402
from factcheck.domain.claims import ClaimStatus  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.article import Article  # noqa: E402
from factcheck.models.claim import Claim  # noqa: E402
from factcheck.scratch_db import scratch_postgres_database  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.dashboard import periodic  # noqa: E402
from factcheck.services.matching.claim_figures import refresh_claims  # noqa: E402
from factcheck.web.shared_cache import shared_cache  # noqa: E402
from tests.support.querycount import count_statements  # noqa: E402

OPEN = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)


@contextmanager
def database(kind: str, pg_url: str | None) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    if not pg_url:
        raise SystemExit("PostgreSQL: give --pg or set FACTCHECK_TEST_DATABASE_URL")
    with scratch_postgres_database(pg_url, "factcheck_bench") as url:
        yield url


def percentile95(values: list[float]) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * 0.95
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure(client: Any, engine: Any, url: str, runs: int,
            prepare: Callable[[], None] | None = None) -> dict[str, float]:
    """Wall time (median, p95), this process's CPU time per request (median:
    Python's share, robust to other load on the machine; on SQLite it
    includes the queries, on PostgreSQL the server's share is not in it)
    and the statements of one request."""
    times, cpu = [], []
    statements = 0
    for _ in range(runs):
        if prepare is not None:
            prepare()
        with count_statements(engine) as log:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        statements = log.count
    return {"median": statistics.median(times), "p95": percentile95(times),
            "cpu": statistics.median(cpu), "statements": statements}


@contextmanager
def slowest_statement(engine: Any) -> Iterator[dict[str, Any]]:
    """The slowest statement run inside, with its parameters: a list
    page's main query."""
    slowest: dict[str, Any] = {"ms": -1.0}

    def before(conn: Any, _cursor: Any, *_args: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def after(conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        elapsed = (time.perf_counter() - conn.info.pop("bench_started")) * 1000
        if elapsed > slowest["ms"] and statement.lstrip().upper().startswith("SELECT"):
            slowest.update(ms=elapsed, statement=statement, parameters=parameters)

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield slowest
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


def explain(client: Any, engine: Any, name: str, url: str) -> None:
    """The plan of the slowest statement of one request of a list page:
    EXPLAIN ANALYZE as PostgreSQL ran it, EXPLAIN QUERY PLAN on SQLite (both
    show which index it reads)."""
    with slowest_statement(engine) as slowest:
        client.get(url)
    if "statement" not in slowest:
        return
    postgresql = engine.dialect.name == "postgresql"
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN ")
                       + slowest["statement"], slowest["parameters"])
        plan = "\n".join(f"    {row[0] if postgresql else row[-1]}" for row in cursor.fetchall())
        connection.rollback()
    finally:
        connection.close()
    query = " ".join(slowest["statement"].split())
    print(f"\n  EXPLAIN {name} ({url}), its slowest statement ({slowest['ms']:.1f} ms):\n"
          f"    {query[:400]}{' ...' if len(query) > 400 else ''}\n{plan}", flush=True)


LIST_PAGES = ("claims", "claims (filtered)", "articles", "sources", "queues (unassigned)",
              "queues (landing)", "home")


def bench(kind: str, url: str, claims: int, runs: int,
          figures_only: bool = False, recounts: bool = True) -> dict[str, dict[str, float]]:
    instance = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40,
                      "INSTANCE_PATH": str(instance), "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "ARGON2_TIME_COST": 1,
                      "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1})
    results: dict[str, dict[str, float]] = {}
    with app.app_context():
        upgrade()
        actor = SystemActor(label="bench")
        demo.load_demo(db.session, actor)
        started, started_cpu = time.perf_counter(), time.process_time()
        report = load_synthetic(db.session, actor, claims)
        db.session.commit()
        # CPU time of this process too: on a shared machine the wall time
        # says as much about the neighbours as about the builder.
        print(f"  {kind}: loaded {report.summary()} in {time.perf_counter() - started:.1f} s "
              f"({time.process_time() - started_cpu:.1f} s CPU in this process)", flush=True)
        with db.engine.connect() as connection:
            connection.execute(sa.text("ANALYZE"))
            connection.commit()
        # A typical article: among those with an open claim, the one with
        # the median number of claims; and its first open claim, whose
        # review page carries the review form checkers see. The same kind
        # of page at every archive size, so their statements compare: a
        # decided claim's page reads its verdict history instead.
        open_claims = sa.select(Claim.article_id).where(Claim.status.in_(OPEN))
        sizes = db.session.execute(sa.select(Claim.article_id, sa.func.count())
                                   .where(Claim.article_id.in_(open_claims))
                                   .group_by(Claim.article_id)
                                   .order_by(sa.func.count(), Claim.article_id)).all()
        article_id = sizes[len(sizes) // 2][0]
        assert db.session.get(Article, article_id) is not None
        claim_id = db.session.scalar(sa.select(sa.func.min(Claim.id))
                                     .where(Claim.article_id == article_id,
                                            Claim.status.in_(OPEN)))
        # Its claims' matches stored, as `factcheck claimreview match-claims`
        # keeps them in production: unstored, the page searches for each
        # claim on the spot, a statement per claim.
        refresh_claims(db.session, list(db.session.scalars(
            sa.select(Claim).where(Claim.article_id == article_id))))
        db.session.commit()
        db.session.remove()
        engine = db.engine
    client = app.test_client()
    login = demo.DEMO_USERS[0]
    client.post("/login", data={"email": login.email, "password": login.password})
    # Filtered dashboards aggregate on every request (no shared-cache copy).
    app.config["DASHBOARD_CACHE_SECONDS"] = 0
    outlet = quote(_an_outlet(app))
    pages = {"dashboard": "/dashboard", "claims": "/claims",
             "claims (filtered)": "/claims?status=waiting&sourcing=anonymous",
             "article": f"/articles/{article_id}",
             "review page": f"/claims/{claim_id}/review", "home": "/",
             "articles": "/articles", "sources": "/sources",
             "queues (unassigned)": "/queues?queue=unassigned",
             "queues (landing)": "/queues"}
    if figures_only:
        pages = {"dashboard": "/dashboard", "home": "/", "sources": "/sources"}
    results["dashboard (first)"] = measure(client, engine, "/dashboard", 1)
    for name, page in pages.items():
        results[name] = measure(client, engine, page, runs)

    def forget_periodic() -> None:
        with app.test_request_context():
            shared_cache().delete(periodic.CACHE_KEY)

    if recounts:
        results["dashboard (periodic recount)"] = measure(client, engine, "/dashboard",
                                                          max(3, runs // 3), forget_periodic)
        results["dashboard (outlet filter)"] = measure(
            client, engine, f"/dashboard?outlet={outlet}", max(3, runs // 3))
    if not figures_only:
        for name in LIST_PAGES:
            explain(client, engine, name, pages[name])
    with app.app_context():
        db.engine.dispose()
    return results


def _an_outlet(app: Any) -> str:
    with app.app_context():
        return str(db.session.scalar(sa.select(Article.outlet).where(Article.outlet.is_not(None))
                                     .order_by(Article.id).limit(1)) or "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pg", default=os.environ.get("FACTCHECK_TEST_DATABASE_URL"))
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--figures", action="store_true",
                        help="only the figures pages (dashboard, home, sources)")
    parser.add_argument("--no-recounts", action="store_true",
                        help="leave out the whole-archive recounts (the periodic figures, a "
                             "filtered dashboard), measured once in 'dashboard (first)': "
                             "minutes each at a million claims")
    args = parser.parse_args()
    kinds = [args.only] if args.only else ["sqlite", "postgresql"]
    table: dict[str, dict[str, dict[str, float]]] = {}
    for kind in kinds:
        with database(kind, args.pg) as url:
            table[kind] = bench(kind, url, args.claims, args.runs, args.figures,
                                not args.no_recounts)
    print(f"\n{args.claims} claims, {args.runs} requests per page (ms; cpu: this process's "
          "CPU ms per request, median; statements per request)")
    header = f"{'page':<29}" + "".join(f"{kind + ' median':>20}{'p95':>9}{'cpu':>8}{'stmts':>7}"
                                       for kind in kinds)
    print(header)
    for page in table[kinds[0]]:
        row = f"{page:<29}"
        for kind in kinds:
            figures = table[kind][page]
            row += (f"{figures['median']:>20.1f}{figures['p95']:>9.1f}{figures['cpu']:>8.1f}"
                    f"{figures['statements']:>7.0f}")
        print(row)


if __name__ == "__main__":
    main()
