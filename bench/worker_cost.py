"""What a page costs in a gunicorn worker against the same page in-process,
and what saturating the machine adds.

    factcheck demo --no-serve --synthetic 20000     # FACTCHECK_INSTANCE_PATH=DIR,
    factcheck claimreview match-claims              # FACTCHECK_DATABASE_URL=URL
    python bench/worker_cost.py --instance DIR [--requests 300] [--workers 5 --users 16]

The load bench (load.py) saw a page cost more CPU in a gunicorn worker
under load than page_cpu.py measures in-process. This separates the two
suspects. The same pages (the article page and the review page, over a
sample of articles and open claims, as the demo checker) are requested
three ways, and each prints the CPU per request that the app and
PostgreSQL's processes used (from /proc; run it on a quiet machine):

1. in-process, one at a time, through Flask's test client;
2. one gunicorn sync worker, one request at a time over HTTP: what the
   worker, its HTTP parsing and a connection per request add;
3. ``--workers`` sync workers driven flat out by ``--users`` clients: what
   sharing two cores between workers, PostgreSQL and the client adds.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402 - bench/load.py: its client, server and /proc readers
import sqlalchemy as sa  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.demo import seed as demo  # noqa: E402
from factcheck.extensions import db  # noqa: E402


def sample_pages(app: Any, count: int, seed: int) -> dict[str, list[str]]:
    with app.app_context():
        articles = list(db.session.scalars(sa.text("SELECT id FROM articles ORDER BY id")))
        claims = list(db.session.scalars(sa.text(
            "SELECT id FROM claims WHERE status IN ('new', 'in_review') ORDER BY id")))
        db.session.remove()
    rng = random.Random(seed)
    return {"article": [f"/articles/{i}" for i in rng.choices(articles, k=count)],
            "review": [f"/claims/{i}/review" for i in rng.choices(claims, k=count)]}


def per_request(before: dict[str, float] | None, after: dict[str, float] | None,
                requests: int, app_key: str) -> str:
    if before is None or after is None:
        return "(no /proc)"
    app = 1000 * (after[app_key] - before[app_key]) / requests
    database = 1000 * (after["PostgreSQL"] - before["PostgreSQL"]) / requests
    return f"app {app:6.2f} ms  PostgreSQL {database:5.2f} ms"


def in_process(app: Any, paths: list[str]) -> str:
    client = app.test_client()
    login = demo.DEMO_USERS[1]
    token = load.TOKEN.search(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": login.email, "password": login.password,
                                           "csrf_token": token.group(1) if token else ""})
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    for path in paths[:20]:  # warm: templates compiled, statements prepared
        client.get(path)
    before = load.cpu_seconds()
    for path in paths:
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path}: not 200")
    # This process is the app here: its CPU is the "client" entry.
    return per_request(before, load.cpu_seconds(), len(paths), "client")


def signed_in(port: int) -> load.Browser:
    login = demo.DEMO_USERS[1]
    browser = load.Browser(port, load.Stats())
    _, page = browser.request("GET", "/login")
    token = load.TOKEN.search(page)
    status, _ = browser.request("POST", "/login", {
        "email": login.email, "password": login.password,
        "csrf_token": token.group(1) if token else ""})
    if status != 302:
        raise SystemExit(f"sign-in failed: {status}")
    return browser


def over_http(port: int, paths: list[str], users: int) -> tuple[str, float]:
    """``paths`` spread over ``users`` clients at once (one: in turn).
    Returns the CPU split and requests per second."""
    first = signed_in(port)
    browsers = [first]
    for _ in range(users - 1):
        browser = load.Browser(port, load.Stats())
        browser.cookie = first.cookie  # the same signed-in session
        browsers.append(browser)
    for path in paths[:20]:
        first.request("GET", path)
    failed: list[str] = []

    def work(browser: load.Browser, share: list[str]) -> None:
        for path in share:
            status, _ = browser.request("GET", path)
            if status != 200:
                failed.append(f"{path}: {status}")

    threads = [threading.Thread(target=work, args=(browser, paths[n::users]))
               for n, browser in enumerate(browsers)]
    before, started = load.cpu_seconds(), time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    if failed:
        raise SystemExit(f"{len(failed)} requests failed, e.g. {failed[0]}")
    return per_request(before, load.cpu_seconds(), len(paths), "app"), len(paths) / took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", required=True, help="instance folder of the demo")
    parser.add_argument("--requests", type=int, default=300, help="per page and way")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--port", type=int, default=8140)
    args = parser.parse_args()
    os.environ["FACTCHECK_INSTANCE_PATH"] = str(Path(args.instance).resolve())
    if not os.environ.get("FACTCHECK_DATABASE_URL", "").startswith("postgresql"):
        raise SystemExit("set FACTCHECK_DATABASE_URL to the demo's PostgreSQL database: "
                         "on SQLite the database's CPU is the app's and cannot be told apart")
    app = create_app()
    pages = sample_pages(app, args.requests, 7)
    print(f"{args.requests} requests per page and way, as the demo checker; "
          f"load average {os.getloadavg()[0]:.2f}")
    rows: list[tuple[str, str, str]] = []
    for name, paths in pages.items():
        rows.append((name, "in-process, one at a time", in_process(app, paths)))
    env = dict(os.environ)
    for workers, users in ((1, 1), (args.workers, args.users)):
        load.SERVER["worker_class"] = "sync"
        server = load.gunicorn("factcheck:create_app()", args.port, env, workers, str(ROOT))
        try:
            load.wait_for(args.port)
            for name, paths in pages.items():
                split, rate = over_http(args.port, paths, users)
                way = (f"{workers} gunicorn sync worker{'s' if workers > 1 else ''}, "
                       f"{users} client{'s' if users > 1 else ''} ({rate:.0f} req/s)")
                rows.append((name, way, split))
        finally:
            server.terminate()
            server.wait()
    for name, way, split in sorted(rows, key=lambda row: row[0]):
        print(f"{name:<8} {way:<48} {split}")


if __name__ == "__main__":
    main()
