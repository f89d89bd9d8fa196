"""Load test: gunicorn on PostgreSQL with the synthetic archive, N virtual
users browsing, rating and exporting for a fixed time; beside it, a bare
Flask hello-world under the same gunicorn settings, in the same run.

    .venv/bin/pip install -e '.[server]'
    .venv/bin/python bench/load.py --claims 100000 --users 32 --seconds 60

Every user signs in first, all at once, timed on its own (a newsroom signs
in once a day; argon2 is slow on purpose). Then phases against the same
server: "paced", where each user reads a page for --think seconds before
the next click (how people use it); "flat out", the same mix with no pause
(the saturation point); and the article page and the review page each
alone, flat out (--single-pages), as the per-page targets are set. Prints
requests/s, p50/p95/p99 and errors per phase, each flat-out phase's share
of hello-world's requests/s (with sync workers also of a hello-world on
threaded workers that keeps its connections, the faster baseline), for
each flat-out phase where the machine's CPU went (gunicorn's processes,
PostgreSQL's, this client: from /proc, so run it on a quiet machine), checks
that every review the server acknowledged is in the database, and runs 'factcheck audit verify'
afterwards. The server runs gunicorn's sync workers, two per core and one,
as the README's production layout does (--worker-class gthread --threads N
for threaded workers): each request then comes on a new connection, as a
proxy in front opens them upstream. With gthread workers users keep one
connection each (keep-alive), unless --connection-per-request opens one per
request (a proxy spreads requests over the workers as they free up, where
a kept connection stays with one worker). Creates and
drops its own database, and stores its claims' matches against published
verdicts as production does ('factcheck claimreview match-claims'; without
them each article page would search for every claim).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import sqlalchemy as sa

from factcheck.scratch_db import scratch_postgres_database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VERSION = re.compile(r'<input type="hidden" name="version" value="(\d*)">')
PASSWORD = "load test passphrase 2026"  # noqa: S105 - throwaway accounts in a throwaway DB
# Set by --connection-per-request: every request on a new connection.
FRESH_CONNECTIONS = False
HELLO = "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/')\ndef hello():\n" \
        "    return 'Hello, World!'\n"


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    rejected: int = 0  # 4xx a user would see as "try again" (conflicts, decided claims)
    statuses: dict[int, int] = field(default_factory=dict)
    reviews_ok: set[tuple[str, int]] = field(default_factory=set)
    submissions: int = 0  # every acknowledged submit, a resubmission included
    by_page: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: int, page: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.by_page.setdefault(page, []).append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status >= 500 or status == 0:
                self.errors += 1
            elif status >= 400:
                self.rejected += 1

    def report(self, name: str, duration: float) -> str:
        data = sorted(self.latencies)
        if not data:
            return f"{name}: no requests"

        def pct(p: float) -> float:
            return data[min(len(data) - 1, int(p * len(data)))] * 1000

        lines = [f"{name:<12} {len(data) / duration:8.1f} req/s  p50 {pct(0.50):7.1f} ms  "
                 f"p95 {pct(0.95):7.1f} ms  p99 {pct(0.99):7.1f} ms  errors {self.errors}  "
                 f"rejected(4xx) {self.rejected}  requests {len(data)}",
                 "    statuses: " + ", ".join(f"{code}: {count}" for code, count
                                              in sorted(self.statuses.items()))]
        if len(self.by_page) > 1:
            for page, times in sorted(self.by_page.items()):
                ordered = sorted(times)
                lines.append(f"    {page:<32} n={len(ordered):5d}  median "
                             f"{statistics.median(ordered) * 1000:7.1f} ms  p95 "
                             f"{ordered[int(0.95 * (len(ordered) - 1))] * 1000:7.1f} ms")
        return "\n".join(lines)


class Browser:
    """One virtual user: a keep-alive connection and a session cookie; or,
    as behind a proxy that opens a connection per request upstream (nginx's
    default) or in front of sync workers, a new connection for each request."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port, self.stats, self.cookie = port, stats, ""
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, form: dict[str, str] | None = None
                ) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        # A sync worker closes each connection after its response.
        if FRESH_CONNECTIONS or SERVER["worker_class"] == "sync":
            self._reconnect()
            headers["Connection"] = "close"
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        status, text = 0, ""
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                status = response.status
                for name, value in response.getheaders():
                    if name.lower() == "set-cookie" and value.startswith("factcheck_session="):
                        self.cookie = value.split(";", 1)[0]
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection while the
                # user was reading; a browser reconnects and sends again.
                self._reconnect()
                if attempt == 2:
                    status, text = 0, ""
            except (OSError, http.client.HTTPException):
                self._reconnect()
                status, text = 0, ""
                break
        page = re.sub(r"\d+", "N", f"{method} {path.split('?')[0]}")
        self.stats.add(time.perf_counter() - started, status, page)
        return status, text

    def _reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def login(self, email: str) -> None:
        _, page = self.request("GET", "/login")
        token = TOKEN.search(page)
        status, _ = self.request("POST", "/login", {"email": email, "password": PASSWORD,
                                                   "csrf_token": token.group(1) if token else ""})
        if status != 302:
            raise RuntimeError(f"login failed for {email}: {status}")


def newsroom_user(user: Browser, email: str, editor: bool, plan: dict[str, list[int]],
                  stop: float, seed: int, think: tuple[float, float]) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        if think[1] > 0:
            # A person reads the page before the next click.
            time.sleep(rng.uniform(*think))
            if time.monotonic() >= stop:
                break
        roll = rng.random()
        if roll < 0.55:
            pages = ["/articles", f"/articles?page={rng.randint(1, 20)}", "/queues",
                     f"/articles/{rng.choice(plan['articles'])}", "/sources", "/"]
            if editor:
                pages += ["/dashboard", "/claims?status=disputed"]
            user.request("GET", rng.choice(pages))
        elif roll < 0.90 or not editor:
            claim = rng.choice(plan["claims"])
            status, page = user.request("GET", f"/claims/{claim}/review")
            # The review form's own version field (the page has other forms).
            form_at = page.find('id="review-form"')
            token = TOKEN.search(page)
            version = VERSION.search(page, form_at) if form_at >= 0 else None
            if status != 200 or token is None:
                continue
            status, _ = user.request("POST", f"/claims/{claim}/review", {
                "csrf_token": token.group(1), "version": version.group(1) if version else "",
                "action": "submit", "truth": rng.choice(["true", "false", "half_true"]),
                "attribution": "accurate", "rationale": "Checked against the filing.",
                "evidence-0-url": "", "evidence-0-title": "", "evidence-0-stance": "context",
                "evidence-0-note": ""})
            if status == 302:
                with user.stats.lock:
                    user.stats.reviews_ok.add((email, claim))
                    user.stats.submissions += 1
        else:
            status, page = user.request("GET", "/exports")
            token = TOKEN.search(page)
            day = rng.randint(1, 27)
            user.request("POST", "/exports", {
                "csrf_token": token.group(1) if token else "", "format": "csv",
                "date_from": f"2026-03-{day:02d}", "date_to": f"2026-03-{day + 1:02d}",
                "status": "published", "rating": "", "outlet": "", "source": ""})


def wait_for(port: int, path: str = "/healthz", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


# Set by --worker-class and --threads: the same for the app and hello-world.
# Sync workers, one request at a time per process, are the production
# layout's (README): on 2 cores they served the article and review pages
# about twice as fast as 4 gthread workers of 4 threads, whose threads
# took turns at one interpreter lock per process.
SERVER: dict[str, str | int] = {"worker_class": "sync", "threads": 4}


def gunicorn(app: str, port: int, env: dict[str, str], workers: int, cwd: str,
             log: IO[bytes] | None = None) -> subprocess.Popen[bytes]:
    threads = ["--threads", str(SERVER["threads"])] if SERVER["worker_class"] == "gthread" else []
    return subprocess.Popen([str(BIN / "gunicorn"), "--workers", str(workers), "--worker-class",
                             str(SERVER["worker_class"]), *threads,
                             "--bind", f"127.0.0.1:{port}",
                             "--log-level", "warning", app], env=env, cwd=cwd,
                            stdout=log, stderr=log)


def sign_in(port: int, users: list[tuple[str, bool]]) -> tuple[list[Browser], Stats, float]:
    """Every user signs in, all at once, before a phase's clock starts: a
    newsroom signs in once a day, and argon2 at its production cost is
    meant to be slow. Timed on its own."""
    stats = Stats()
    browsers = [Browser(port, stats) for _ in users]
    threads = [threading.Thread(target=browser.login, args=(email,))
               for browser, (email, _) in zip(browsers, users, strict=True)]
    return browsers, stats, run_all(threads)


def run_users(browsers: list[Browser], users: list[tuple[str, bool]],
              plan: dict[str, list[int]], seconds: float, think: tuple[float, float], seed: int,
              only: str | None = None) -> tuple[Stats, float]:
    """Signed-in ``browsers`` click for ``seconds``: the newsroom's mix, or
    with ``only`` ("article" or "review") that one page, flat out."""
    stats = Stats()
    for browser in browsers:
        browser.stats = stats
    stop = time.monotonic() + seconds
    if only is None:
        threads = [threading.Thread(target=newsroom_user,
                                    args=(browser, email, editor, plan, stop, seed + index, think))
                   for index, (browser, (email, editor)) in enumerate(zip(browsers, users,
                                                                          strict=True))]
    else:
        threads = [threading.Thread(target=one_page, args=(browser, only, plan, stop, seed + index))
                   for index, browser in enumerate(browsers)]
    return stats, run_all(threads)


def one_page(user: Browser, page: str, plan: dict[str, list[int]], stop: float,
             seed: int) -> None:
    """The article page or a claim's review page, over and over, each time
    another of the plan's articles or open claims."""
    rng = random.Random(seed)
    while time.monotonic() < stop:
        if page == "article":
            user.request("GET", f"/articles/{rng.choice(plan['articles'])}")
        else:
            user.request("GET", f"/claims/{rng.choice(plan['claims'])}/review")


def run_all(threads: list[threading.Thread]) -> float:
    """Start every thread, wait for them all; the seconds it took."""
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def cpu_seconds() -> dict[str, float] | None:
    """CPU seconds used so far by the app server (gunicorn's processes),
    PostgreSQL's processes on this machine and this client, read from
    /proc (Linux; None elsewhere). A page's cost is split between the app
    and the database server, and only the app shows in its own profile."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    used = {"app": 0.0, "PostgreSQL": 0.0, "client": time.process_time()}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        group = ("app" if b"gunicorn" in command
                 else "PostgreSQL" if command.startswith(b"postgres") else None)
        if group:
            used[group] += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return used


def cpu_report(before: dict[str, float] | None, after: dict[str, float] | None,
               requests: int, duration: float) -> str:
    if before is None or after is None or not requests:
        return ""
    parts = [f"{name} {100 * (after[name] - before[name]) / duration:.0f}% of a core, "
             f"{1000 * (after[name] - before[name]) / requests:.2f} ms/request"
             for name in before]
    return "    CPU: " + "; ".join(parts)


def hello_world(port: int, users: int, seconds: float, workers: int) -> tuple[Stats, float]:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "hello.py").write_text(HELLO)
        server = gunicorn("hello:app", port, dict(os.environ), workers, folder)
        try:
            wait_for(port, "/")
            stats = Stats()
            stop = time.monotonic() + seconds

            def hammer() -> None:
                browser = Browser(port, stats)
                while time.monotonic() < stop:
                    browser.request("GET", "/")

            return stats, run_all([threading.Thread(target=hammer) for _ in range(users)])
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default=os.environ.get(
        "FACTCHECK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0),
                        metavar=("MIN", "MAX"),
                        help="seconds a user spends on a page in the paced phase")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn workers (default: two per core and one)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync",
                        help="gunicorn's worker class: sync (the production layout's) serves "
                             "one request at a time per process and closes each connection; "
                             "gthread serves --threads at once per process")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--connection-per-request", action="store_true",
                        help="a new connection for each request, as a proxy in front opens "
                             "upstream (nginx's default); hello-world too")
    parser.add_argument("--skip-mix", action="store_true",
                        help="only sign-in and the single-page phases")
    parser.add_argument("--single-pages", nargs="*", default=["article", "review"],
                        choices=["article", "review"],
                        help="after the mix, each of these pages alone, flat out")
    args = parser.parse_args()
    global FRESH_CONNECTIONS  # one switch for every simulated user
    FRESH_CONNECTIONS = args.connection_per_request
    SERVER.update(worker_class=args.worker_class, threads=args.threads)

    scratch = scratch_postgres_database(args.pg, "factcheck_load")
    url = scratch.__enter__()
    instance = tempfile.mkdtemp(prefix="factcheck-load-")
    env = {**os.environ, "FACTCHECK_DATABASE_URL": url, "FACTCHECK_INSTANCE_PATH": instance,
           "FACTCHECK_SECRET_KEY": uuid.uuid4().hex * 2}
    try:
        print(f"building the archive ({args.claims} claims) ...", flush=True)
        started = time.monotonic()
        subprocess.run([str(BIN / "factcheck"), "demo", "--no-serve", "--synthetic",
                        str(args.claims)], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"  built in {time.monotonic() - started:.0f} s", flush=True)
        # As in production, where matching is stored once after upgrading and
        # kept since: without it each article page searches for every claim.
        started = time.monotonic()
        subprocess.run([str(BIN / "factcheck"), "claimreview", "match-claims"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  claims matched against published verdicts in "
              f"{time.monotonic() - started:.0f} s", flush=True)
        users = [(f"load{n:02d}@example.org", n % 4 == 0) for n in range(args.users)]
        for email, editor in users:
            subprocess.run([str(BIN / "factcheck"), "user", "add", email, "--role",
                            "editor" if editor else "checker"], env=env, check=True,
                           input=f"{PASSWORD}\n", text=True, stdout=subprocess.DEVNULL)
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            plan = {
                "articles": list(connection.execute(sa.text(
                    "SELECT id FROM articles ORDER BY random() LIMIT 500")).scalars()),
                "claims": list(connection.execute(sa.text(
                    "SELECT id FROM claims WHERE status IN ('new', 'in_review') "
                    "ORDER BY random() LIMIT 2000")).scalars()),
            }
            reviews_before = connection.execute(sa.text("SELECT count(*) FROM reviews")).scalar()

        server_log = Path(instance, "gunicorn.log")
        phases: list[tuple[str, Stats, float]] = []
        cpu: dict[str, str] = {}  # per flat-out phase: where the machine's CPU went
        with server_log.open("wb") as log:
            server = gunicorn("factcheck:create_app()", args.port, env, args.workers,
                              str(ROOT), log)
            try:
                wait_for(args.port)
                low, high = args.think
                print(f"signing in {args.users} users at once ...", flush=True)
                browsers, signing, signing_took = sign_in(args.port, users)
                phases.append(("sign-in (all users at once, before the clocks)", signing,
                               signing_took))
                if not args.skip_mix:
                    print(f"factcheck, paced: {args.users} users reading each page "
                          f"{low:g}-{high:g} s for {args.seconds:.0f} s ...", flush=True)
                    stats, duration = run_users(browsers, users, plan, args.seconds, (low, high),
                                                0)
                    phases.append((f"factcheck, paced ({low:g}-{high:g} s per page)", stats,
                                   duration))
                    print(f"factcheck, flat out: {args.users} users, no pause, "
                          f"for {args.seconds:.0f} s ...", flush=True)
                    before = cpu_seconds()
                    stats, duration = run_users(browsers, users, plan, args.seconds, (0, 0), 1000)
                    phases.append(("factcheck, flat out (no pause)", stats, duration))
                    cpu[phases[-1][0]] = cpu_report(before, cpu_seconds(),
                                                    len(stats.latencies), duration)
                for page in args.single_pages:
                    print(f"factcheck, {page} page only: {args.users} users, no pause, "
                          f"for {args.seconds:.0f} s ...", flush=True)
                    before = cpu_seconds()
                    stats, duration = run_users(browsers, users, plan, args.seconds, (0, 0),
                                                2000, only=page)
                    phases.append((f"factcheck, {page} page only, flat out", stats, duration))
                    cpu[phases[-1][0]] = cpu_report(before, cpu_seconds(),
                                                    len(stats.latencies), duration)
            finally:
                server.terminate()
                server.wait()
        print(f"hello world: {args.users} clients, no pause, for {args.seconds:.0f} s ...",
              flush=True)
        hello, hello_duration = hello_world(args.port + 1, args.users, args.seconds,
                                            args.workers)
        # Sync workers close every connection, so their hello-world pays a
        # connection per request; the "5% of hello-world" was read
        # against one that keeps them. Both baselines, same run.
        kept_rate = 0.0
        if SERVER["worker_class"] == "sync" and not FRESH_CONNECTIONS:
            print(f"hello world, kept connections ({args.workers} gthread workers of "
                  f"{args.threads} threads) ...", flush=True)
            SERVER["worker_class"] = "gthread"
            kept, kept_duration = hello_world(args.port + 2, args.users, args.seconds,
                                              args.workers)
            SERVER["worker_class"] = "sync"
            kept_rate = len(kept.latencies) / kept_duration if kept_duration else 0.0

        acknowledged = set().union(*(stats.reviews_ok for _, stats, _ in phases))
        submissions = sum(stats.submissions for _, stats, _ in phases)
        emails = [email for email, _ in users]
        with engine.connect() as connection:
            stored = connection.execute(sa.text(
                "SELECT count(*) FROM reviews r JOIN users u ON u.id = r.reviewer_id "
                "WHERE u.email = ANY(:emails) AND r.submitted_at IS NOT NULL"),
                {"emails": emails}).scalar()
            submitted_events = connection.execute(sa.text(
                "SELECT count(*) FROM audit_events WHERE action = 'review_submitted' "
                "AND actor = ANY(:emails)"), {"emails": emails}).scalar()
            reviews_after = connection.execute(sa.text("SELECT count(*) FROM reviews")).scalar()
        engine.dispose()
        verify = subprocess.run([str(BIN / "factcheck"), "audit", "verify"], env=env,
                                capture_output=True, text=True)
        tracebacks = server_log.read_text(errors="replace").count("Traceback")

        print()
        hello_rate = len(hello.latencies) / hello_duration if hello_duration else 0.0
        for name, stats, duration in phases:
            print(stats.report(name, duration))
            if "flat out" in name and hello_rate:
                share = 100 * len(stats.latencies) / duration / hello_rate
                print(f"    {share:.1f}% of hello-world's requests/s in this run")
                if kept_rate:
                    kept_share = 100 * len(stats.latencies) / duration / kept_rate
                    print(f"    {kept_share:.1f}% of kept-connection hello-world's")
            if cpu.get(name):
                print(cpu[name])
        print(hello.report("hello-world", hello_duration))
        if kept_rate:
            print(kept.report("hello-world, kept connections (gthread)", kept_duration))
        print(f"reviews acknowledged (distinct user, claim): {len(acknowledged)}; "
              f"submitted reviews by load users in the database: {stored}; "
              f"lost: {len(acknowledged) - (stored or 0)}  (all reviews {reviews_before} -> "
              f"{reviews_after})")
        print(f"acknowledged submissions (resubmissions of one's own review included): "
              f"{submissions}; review_submitted audit events: {submitted_events}")
        print(f"audit verify: exit {verify.returncode}: {(verify.stdout or verify.stderr).strip()}")
        print(f"server log: {tracebacks} tracebacks ({server_log})")
    finally:
        scratch.__exit__(None, None, None)


if __name__ == "__main__":
    main()
