"""Two app servers, one PostgreSQL, one Redis: does anything depend on
being the only process?

    .venv/bin/pip install -e '.[server]'
    .venv/bin/python bench/two_servers.py --claims 20000 --users 16 --seconds 30

Starts two gunicorn servers on two ports against one scratch PostgreSQL
database and one Redis database (flushed first: pick a number nothing else
uses), and checks, with the load split between them:

* no lost review: every review either server acknowledged is stored once;
* no lost update: editors on both servers change the same claim with the
  version they read; every acknowledged change is in its version count
  and its audit trail, and the rest were refused as conflicts;
* figures equal: the dashboard and the home page show the same numbers on
  both servers once the load stops;
* throttling counted once: wrong passwords for one account, alternating
  between the servers, are refused after the configured number of
  failures for the pair, not after twice that;
* `factcheck audit verify` passes afterwards.

Prints one line per check and exits non-zero if any fails.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from factcheck.scratch_db import scratch_postgres_database

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The load bench's users and servers.
from load import (
    BIN,
    PASSWORD,
    ROOT,
    TOKEN,
    Browser,
    Stats,
    gunicorn,
    newsroom_user,
    run_all,
    wait_for,
)

DETAILS_VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
SELECTED = re.compile(r'<option(?=[^>]*\bselected\b)[^>]*value="(\w+)"')
KINDS = ("factual", "statistical", "quote", "prediction")
# Figures pages drawn the same by either server; what is not a figure (the
# CSRF token, the time the page was drawn) is left out of the comparison.
VOLATILE = re.compile(r'name="csrf_token"[^>]*>|<time[^>]*>[^<]*</time>|nonce="[^"]*"')


def build(env: dict[str, str], claims: int, users: list[tuple[str, bool]]) -> None:
    subprocess.run([str(BIN / "factcheck"), "demo", "--no-serve", "--synthetic", str(claims)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    for email, editor in [*users, ("probe@example.org", True)]:
        subprocess.run([str(BIN / "factcheck"), "user", "add", email, "--role",
                        "editor" if editor else "checker"], env=env, check=True,
                       input=f"{PASSWORD}\n", text=True, stdout=subprocess.DEVNULL)


def contend_for_claim(port: int, claim: int, stop: float, stats: Stats, email: str,
                      seed: int, outcome: dict[str, int], lock: threading.Lock) -> None:
    """One editor changing the claim's kind over and over, each time to a
    kind other than the one the edit page showed (so every save is a
    change) and with the version it showed."""
    editor = Browser(port, stats)
    editor.login(email)
    turn = seed
    while time.monotonic() < stop:
        status, page = editor.request("GET", f"/claims/{claim}/edit")
        at = page.find("details-heading")
        token = TOKEN.search(page)
        version = DETAILS_VERSION.search(page, at) if at >= 0 else None
        shown = SELECTED.search(page, at) if at >= 0 else None
        if status != 200 or token is None or version is None or shown is None:
            continue
        turn += 1
        kinds = [kind for kind in KINDS if kind != shown.group(1)]
        status, _ = editor.request("POST", f"/claims/{claim}/details", {
            "csrf_token": token.group(1), "version": version.group(1),
            "kind": kinds[turn % len(kinds)]})
        with lock:
            key = {302: "saved", 409: "conflict"}.get(status, f"status {status}")
            outcome[key] = outcome.get(key, 0) + 1


def figures_text(port: int, path: str, email: str) -> str:
    reader = Browser(port, Stats())
    reader.login(email)
    status, page = reader.request("GET", path)
    if status != 200:
        return f"status {status}"
    main = page[page.find("<main"):page.find("</main>")]
    return html.unescape(VOLATILE.sub("", main))


def first_difference(first: str, second: str) -> str:
    at = next((index for index, (a, b) in enumerate(zip(first, second, strict=False))
               if a != b), min(len(first), len(second)))
    clip = slice(max(0, at - 60), at + 60)
    return f"{first[clip]!r} vs {second[clip]!r}"


def failures_before_refusal(ports: tuple[int, int], email: str, tries: int) -> int:
    """Wrong passwords for one account from one address, alternating
    between the servers: how many were checked before the first 429."""
    browsers = [Browser(port, Stats()) for port in ports]
    for attempt in range(tries):
        browser = browsers[attempt % 2]
        _, page = browser.request("GET", "/login")
        token = TOKEN.search(page)
        status, _ = browser.request("POST", "/login", {
            "email": email, "password": "not the password",
            "csrf_token": token.group(1) if token else ""})
        if status == 429:
            return attempt
    return tries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default=os.environ.get(
        "FACTCHECK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13",
                        help="a Redis database this run may flush")
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--port", type=int, default=8775)
    args = parser.parse_args()

    import redis

    redis.Redis.from_url(args.redis).flushdb()
    scratch = scratch_postgres_database(args.pg, "factcheck_two_servers")
    url = scratch.__enter__()
    instance = tempfile.mkdtemp(prefix="factcheck-two-")
    env = {**os.environ, "FACTCHECK_DATABASE_URL": url, "FACTCHECK_INSTANCE_PATH": instance,
           "FACTCHECK_SECRET_KEY": uuid.uuid4().hex * 2, "FACTCHECK_REDIS_URL": args.redis}
    ports = (args.port, args.port + 1)
    users = [(f"two{n:02d}@example.org", n % 4 == 0) for n in range(args.users)]
    failures: list[str] = []
    try:
        print(f"building the archive ({args.claims} claims) ...", flush=True)
        build(env, args.claims, users)
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            plan = {
                "articles": list(connection.execute(sa.text(
                    "SELECT id FROM articles ORDER BY random() LIMIT 300")).scalars()),
                "claims": list(connection.execute(sa.text(
                    "SELECT id FROM claims WHERE status IN ('new', 'in_review') "
                    "ORDER BY random() LIMIT 1000")).scalars()),
            }
            contested = plan["claims"].pop()
            version_before = connection.execute(sa.text(
                "SELECT version FROM claims WHERE id = :id"), {"id": contested}).scalar_one()

        logs = [Path(instance, f"gunicorn-{port}.log") for port in ports]
        handles = [log.open("wb") for log in logs]
        servers = [gunicorn("factcheck:create_app()", port, env, args.workers, str(ROOT), handle)
                   for port, handle in zip(ports, handles, strict=True)]
        try:
            for port in ports:
                wait_for(port)
            stats = Stats()
            outcome: dict[str, int] = {}
            lock = threading.Lock()
            # Users alternate between the servers and sign in before the clock.
            browsers = [Browser(ports[index % 2], stats) for index in range(len(users))]
            run_all([threading.Thread(target=browser.login, args=(email,))
                     for browser, (email, _) in zip(browsers, users, strict=True)])
            stop = time.monotonic() + args.seconds
            threads = [threading.Thread(target=newsroom_user, args=(
                browser, email, editor, plan, stop, index, (0.0, 0.0)))
                for index, (browser, (email, editor)) in enumerate(zip(browsers, users,
                                                                      strict=True))]
            editors = [email for email, editor in users if editor][:2] or [users[0][0]]
            threads += [threading.Thread(target=contend_for_claim, args=(
                ports[side], contested, stop, stats, editors[side % len(editors)], side,
                outcome, lock)) for side in (0, 1)]
            print(f"{args.users} users split over ports {ports[0]} and {ports[1]}, flat out, "
                  f"for {args.seconds:.0f} s; two editors contend for claim {contested} ...",
                  flush=True)
            duration = run_all(threads)
            print(stats.report("two servers", duration))

            pages = {path: [figures_text(port, path, "probe@example.org") for port in ports]
                     for path in ("/dashboard", "/")}
            limit = int(re.match(r"\s*(\d+)", env.get(
                "FACTCHECK_LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "5 per minute")).group(1))
            checked = failures_before_refusal(ports, users[-1][0], 4 * limit)
        finally:
            for server in servers:
                server.terminate()
                server.wait()
            for handle in handles:
                handle.close()

        with engine.connect() as connection:
            emails = [email for email, _ in users]
            stored = connection.execute(sa.text(
                "SELECT count(*) FROM reviews r JOIN users u ON u.id = r.reviewer_id "
                "WHERE u.email = ANY(:emails) AND r.submitted_at IS NOT NULL"),
                {"emails": emails}).scalar_one()
            version_after = connection.execute(sa.text(
                "SELECT version FROM claims WHERE id = :id"), {"id": contested}).scalar_one()
            updates = connection.execute(sa.text(
                "SELECT count(*) FROM audit_events WHERE action = 'claim_updated' "
                "AND entity_type = 'claim' AND entity_id = :id"),
                {"id": str(contested)}).scalar_one()
        engine.dispose()

        lost_reviews = len(stats.reviews_ok) - stored
        line = f"reviews acknowledged {len(stats.reviews_ok)}, stored {stored}"
        # No review acknowledged proves nothing: the users did not get to work.
        kept_reviews = lost_reviews == 0 and stats.reviews_ok
        print(f"{'ok' if kept_reviews else 'FAIL'}  no lost review: {line}")
        if not kept_reviews:
            failures.append("lost reviews" if lost_reviews else "no review acknowledged")
        saved = outcome.get("saved", 0)
        kept = version_after - version_before == saved == updates
        print(f"{'ok' if kept else 'FAIL'}  no lost update on claim {contested}: "
              f"{saved} changes acknowledged, version {version_before} -> {version_after}, "
              f"{updates} audit events; refused as conflicts {outcome.get('conflict', 0)}; "
              f"other {sum(v for k, v in outcome.items() if k not in ('saved', 'conflict'))}")
        if not kept:
            failures.append("lost update")
        for path, (first, second) in pages.items():
            same = first == second and not first.startswith("status")
            print(f"{'ok' if same else 'FAIL'}  figures on {path} equal on both servers")
            if not same:
                failures.append(f"figures differ on {path}")
                print(f"      first difference: {first_difference(first, second)}")
        once = checked == limit
        print(f"{'ok' if once else 'FAIL'}  throttling counted once: refused after {checked} "
              f"wrong passwords alternating between servers (limit {limit} per account and "
              f"address)")
        if not once:
            failures.append("throttle")
        verify = subprocess.run([str(BIN / "factcheck"), "audit", "verify"], env=env,
                                capture_output=True, text=True)
        print(f"{'ok' if verify.returncode == 0 else 'FAIL'}  audit verify: "
              f"{(verify.stdout or verify.stderr).strip()}")
        if verify.returncode:
            failures.append("audit")
        tracebacks = sum(log.read_text(errors="replace").count("Traceback") for log in logs)
        print(f"{'ok' if tracebacks == 0 else 'FAIL'}  server logs: {tracebacks} tracebacks")
        if tracebacks or stats.errors:
            failures.append("errors")
    finally:
        scratch.__exit__(None, None, None)
    print("two servers: " + ("all checks passed" if not failures else
                             "FAILED: " + ", ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
