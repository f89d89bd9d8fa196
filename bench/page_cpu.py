"""CPU time per request of the hot pages (article, review page, claim list,
queues), in-process through Flask's test client, and where it goes.

    factcheck demo --no-serve --synthetic 20000     # with FACTCHECK_INSTANCE_PATH=DIR
    python bench/page_cpu.py --instance DIR [--runs 200] [--profile review] [--top 40]

Against the SQLite archive of an instance folder the demo command built
(nothing is written to it but sign-ins, and the stored matches of the
measured article's claims, as `factcheck claimreview match-claims` leaves
them in production: the synthetic archive has none, and without them each
page searches for every claim on the spot; --live-matching keeps that),
signed in as the demo
editor and as a demo checker (the load test's users are three checkers to an
editor). Reported per page: this process's median and mean CPU ms per
request (time.process_time around the request: on a machine shared with
other work this is steadier than wall time; it includes SQLite's share, the
queries being run in this process) and the wall median. ``--profile PAGE``
runs that page --runs times under cProfile (timed in CPU time) and prints
the functions with the largest cumulative time. A bare Flask hello-world
is measured the same way first, for scale.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.demo import seed as demo  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.claim import Claim  # noqa: E402
from factcheck.services.matching.claim_figures import refresh_claims  # noqa: E402


def pick_pages(app: Any, store_matches: bool) -> dict[str, str]:
    """A typical article (median claim count) and one of its open claims.
    With ``store_matches``, their claims' matches are stored as
    `factcheck claimreview match-claims` stores them in production (the
    synthetic archive has none, so every page would search for each claim
    on the spot)."""
    with app.app_context():
        # Among articles with an open claim: the load test reviews open
        # claims, whose page carries the review form (a decided claim's has
        # none, and measured a lighter page than checkers see).
        open_claims = sa.select(Claim.article_id).where(Claim.status.in_(["new", "in_review"]))
        sizes = db.session.execute(sa.select(Claim.article_id, sa.func.count())
                                   .where(Claim.article_id.in_(open_claims))
                                   .group_by(Claim.article_id).order_by(sa.func.count())).all()
        article_id = sizes[len(sizes) // 2][0]
        claim_id = db.session.scalar(
            sa.select(sa.func.min(Claim.id)).where(Claim.article_id == article_id,
                                                  Claim.status.in_(["new", "in_review"])))
        if claim_id is None:
            claim_id = db.session.scalar(sa.select(sa.func.min(Claim.id))
                                         .where(Claim.article_id == article_id))
        if store_matches:
            claims = db.session.scalars(sa.select(Claim).where(Claim.article_id == article_id))
            refresh_claims(db.session, list(claims))
            db.session.commit()
        db.session.remove()
    return {"article": f"/articles/{article_id}", "review": f"/claims/{claim_id}/review",
            "claims": "/claims", "queues": "/queues",
            "queues-unassigned": "/queues?queue=unassigned", "home": "/",
            "articles": "/articles", "articles-page-7": "/articles?page=7",
            "sources": "/sources", "dashboard": "/dashboard",
            "claims-disputed": "/claims?status=disputed", "exports": "/exports"}


def signed_in(app: Any, login: Any) -> Any:
    client = app.test_client()
    response = client.post("/login", data={"email": login.email, "password": login.password})
    if response.status_code != 302:
        raise SystemExit(f"sign-in as {login.email} failed: {response.status_code}")
    return client


def measure(client: Any, url: str, runs: int) -> dict[str, float]:
    client.get(url)  # warm: templates compiled, statements cached
    cpu, wall = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - cpu_started) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return {"cpu": statistics.median(cpu), "fastest": min(cpu), "mean": statistics.fmean(cpu),
            "wall": statistics.median(wall), "calls": calls_per_request(client, url)}


def calls_per_request(client: Any, url: str, runs: int = 5) -> float:
    """Python function calls per request, counted by cProfile: the same
    for the same code and data whatever else the machine is doing, so two
    versions of a page compare on a busy machine where CPU times blur."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    return pstats.Stats(profiler).total_calls / runs  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", required=True, help="instance folder with the demo DB")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--pages", nargs="*", help="only these pages (names as printed)")
    parser.add_argument("--profile", help="profile this page under cProfile")
    parser.add_argument("--checker", action="store_true", help="profile as the demo checker")
    parser.add_argument("--live-matching", action="store_true",
                        help="leave the claims' matches unstored (searched on each request)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--callers", nargs="*", default=[],
                        help="also print who calls the functions matching these patterns")
    args = parser.parse_args()
    os.environ["FACTCHECK_INSTANCE_PATH"] = str(Path(args.instance).resolve())
    app = create_app({"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False,
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024,
                      "ARGON2_PARALLELISM": 1})
    pages = pick_pages(app, not args.live_matching)
    app.config["WTF_CSRF_ENABLED"] = False  # sign in without fetching a token first
    editor = signed_in(app, demo.DEMO_USERS[0])
    checker = signed_in(app, demo.DEMO_USERS[1])
    app.config["WTF_CSRF_ENABLED"] = True  # the pages build their tokens as served
    load = os.getloadavg()
    if args.profile:
        client = checker if args.checker else editor
        url = pages[args.profile]
        client.get(url)
        # CPU time, not wall time: other work on the machine would blur it.
        profiler = cProfile.Profile(time.process_time)
        started = time.process_time()
        profiler.enable()
        for _ in range(args.runs):
            client.get(url)
        profiler.disable()
        spent = (time.process_time() - started) * 1000 / args.runs
        print(f"{args.profile} ({url}): {spent:.2f} CPU ms per request under cProfile; "
              f"load average {load[0]:.2f}")
        stats = pstats.Stats(profiler).strip_dirs().sort_stats(args.sort)
        stats.print_stats(args.top)
        for pattern in args.callers:
            stats.print_callers(pattern)
        return
    print(f"{args.runs} requests per page; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'page':<30}{'cpu median':>12}{'fastest':>9}{'cpu mean':>10}{'wall median':>13}"
          f"{'calls':>9}")
    hello = Flask("hello")
    hello.add_url_rule("/", "hello", lambda: "Hello, World!")
    figures = measure(hello.test_client(), "/", args.runs)
    print(_row("hello-world (bare Flask)", figures), flush=True)
    for name, url in pages.items():
        if args.pages and name not in args.pages:
            continue
        for who, client in (("editor", editor), ("checker", checker)):
            if who == "checker" and name not in ("article", "review", "queues"):
                continue
            figures = measure(client, url, args.runs)
            print(_row(f"{name} ({who})", figures), flush=True)


def _row(name: str, figures: dict[str, float]) -> str:
    return (f"{name:<30}{figures['cpu']:>12.2f}{figures['fastest']:>9.2f}{figures['mean']:>10.2f}"
            f"{figures['wall']:>13.2f}{figures['calls']:>9.0f}")


if __name__ == "__main__":
    main()
