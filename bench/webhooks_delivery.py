"""Webhook delivery throughput: N deliveries to a local receiver, drained by
two workers (the issue's target: 1,000 deliveries, two workers, under a
minute), two ways: worker processes that each loop ``deliver_due`` (what
``factcheck webhooks deliver --loop`` does), and, with ``--queue``, real
``factcheck worker`` processes running the delivery jobs the events put on
the job queue (how deliveries go out when workers run).

    python bench/webhooks_delivery.py [--deliveries 1000] [--workers 2]
        [--endpoints 4] [--batch 20] [--pg URL]
        [--queue redis://127.0.0.1:6379/14 | --queue sqlite] [--threads 4]

Builds a throwaway database (a temp SQLite file; PostgreSQL too when --pg or
FACTCHECK_TEST_DATABASE_URL names a server), registers ``--endpoints``
endpoints on a receiver on 127.0.0.1 (threads in this process) and records
events until there are ``--deliveries`` deliveries. Then starts the worker
processes and times them from start to the last delivery recorded. The
receiver verifies every signature with the reference package
(``standardwebhooks``) and counts each (endpoint, webhook-id) it sees: a
duplicate would mean two workers sent the same row.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import standardwebhooks

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.domain.webhooks import SUBSCRIBABLE, DeliveryStatus, EventType  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import WebhookDelivery  # noqa: E402
from factcheck.models.types import utcnow  # noqa: E402
from factcheck.scratch_db import scratch_postgres_database  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.webhooks import delivery, endpoints, events  # noqa: E402


@dataclass
class Tally:
    secrets: dict[str, str] = field(default_factory=dict)  # path -> secret
    seen: Counter[tuple[str, str]] = field(default_factory=Counter)
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def receiver(tally: Tally) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = dict(self.headers.items())
            try:
                standardwebhooks.Webhook(tally.secrets[self.path]).verify(body, headers)
                valid = True
            except (KeyError, standardwebhooks.webhooks.WebhookVerificationError):
                valid = False
            with tally.lock:
                tally.seen[(self.path, headers.get("webhook-id", ""))] += 1
                tally.bad_signatures += not valid
            self.send_response(200 if valid else 400)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def app_for(url: str, folder: str, queue: str | None = None) -> Any:
    config = {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": f"{folder}/instance",
              "SECRET_KEY": "bench-secret-key-long-enough-for-anything",
              "WEBHOOKS_ALLOW_PRIVATE": True, "RATELIMIT_ENABLED": False}
    if queue:
        config["JOBS_URL"] = queue
    return create_app(config)


def worker(url: str, folder: str, batch: int, started: Any, sent: Any,
           verbose: bool = False) -> None:
    """Loop ``deliver_due`` until nothing is pending or being sent."""
    app = app_for(url, folder)
    with app.app_context():
        policy = delivery.delivery_policy(app.config["FACTCHECK_SETTINGS"])
        started.wait()
        count = 0
        while True:
            began = time.perf_counter()
            results = delivery.deliver_due(db.session, utcnow(), batch, policy=policy)
            if verbose:
                print(f"worker {os.getpid()}: {len(results)} in "
                      f"{time.perf_counter() - began:.3f} s", flush=True)
            count += sum(r.outcome is delivery.Outcome.DELIVERED for r in results)
            if results:
                continue
            left = db.session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)
                                     .where(WebhookDelivery.status.in_(
                                         [DeliveryStatus.PENDING, DeliveryStatus.SENDING])))
            db.session.rollback()
            if not left:
                break
            time.sleep(0.02)  # the other worker holds the rest
        sent.put(count)
        db.engine.dispose()


def prepare(url: str, folder: str, base: str, tally: Tally, count: int,
            endpoint_count: int, queue: str | None = None) -> None:
    app = app_for(url, folder, queue)
    with app.app_context():
        upgrade()
        editor = SystemActor(label="bench")
        for number in range(endpoint_count):
            path = f"/endpoint-{number}"
            created = endpoints.create_endpoint(
                db.session, editor, endpoints.EndpointInput(
                    url=base + path, description="bench", events=SUBSCRIBABLE),
                allow_private=True)
            tally.secrets[path] = created.secret
        db.session.commit()
        recorded = 0
        while recorded < count:
            rows = events.record_event(db.session, EventType.VERDICT_PUBLISHED,
                                       {"claim": {"id": recorded}, "verdict": {"rating": "false"}})
            recorded += len(rows)
        db.session.commit()
        db.engine.dispose()


def run(backend: str, url: str, folder: str, args: argparse.Namespace) -> None:
    tally = Tally()
    with receiver(tally) as base:
        prepare(url, folder, base, tally, args.deliveries, args.endpoints)
        context = multiprocessing.get_context("spawn")
        started, sent = context.Event(), context.Queue()
        processes = [context.Process(target=worker, args=(url, folder, args.batch, started, sent,
                                                    args.verbose))
                     for _ in range(args.workers)]
        for process in processes:
            process.start()
        time.sleep(3)  # let the workers import and connect before the clock starts
        began = time.perf_counter()
        started.set()
        per_worker = [sent.get(timeout=600) for _ in processes]
        elapsed = time.perf_counter() - began
        for process in processes:
            process.join(30)
    app = app_for(url, folder)
    with app.app_context():
        statuses = Counter(db.session.scalars(sa.select(WebhookDelivery.status)).all())
        db.engine.dispose()
    requests = sum(tally.seen.values())
    duplicates = sum(n - 1 for n in tally.seen.values() if n > 1)
    print(f"{backend}: {sum(per_worker)} deliveries by {args.workers} workers "
          f"({', '.join(map(str, per_worker))}) in {elapsed:.2f} s "
          f"= {sum(per_worker) / elapsed:.0f}/s; receiver got {requests} requests, "
          f"{len(tally.seen)} distinct, {duplicates} duplicates, "
          f"{tally.bad_signatures} bad signatures; rows: "
          + ", ".join(f"{status.value} {n}" for status, n in sorted(statuses.items())))


def run_queue(backend: str, url: str, folder: str, args: argparse.Namespace) -> None:
    """The events' delivery jobs, run by ``--workers`` real ``factcheck
    worker`` processes of ``--threads`` threads, timed from their start
    (start-up included) to the last delivery recorded."""
    queue = args.queue if args.queue != "sqlite" else f"sqlite:///{folder}/{backend}-queue.db"
    if queue.startswith("redis"):
        from huey import RedisHuey

        RedisHuey("factcheck-jobs", url=queue).flush()  # a clean queue to measure
    tally = Tally()
    with receiver(tally) as base:
        prepare(url, folder, base, tally, args.deliveries, args.endpoints, queue)
        env = {**os.environ, "FACTCHECK_DATABASE_URL": url, "FACTCHECK_JOBS_URL": queue,
               "FACTCHECK_INSTANCE_PATH": f"{folder}/instance",
               "FACTCHECK_SECRET_KEY": "bench-secret-key-long-enough-for-anything",
               "FACTCHECK_WEBHOOKS_ALLOW_PRIVATE": "1", "FACTCHECK_JOBS_SWEEP_SECONDS": "5"}
        began = time.perf_counter()
        processes = [subprocess.Popen(
            [str(Path(sys.executable).parent / "factcheck"), "worker", "--workers",
             str(args.threads)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(args.workers)]
        engine = sa.create_engine(url)
        try:
            while True:
                with engine.connect() as connection:
                    left = connection.execute(sa.text(
                        "SELECT count(*) FROM webhook_deliveries "
                        "WHERE status IN ('pending', 'sending')")).scalar_one()
                if not left:
                    break
                time.sleep(0.05)  # a benchmark may poll; tests never do
            elapsed = time.perf_counter() - began
            with engine.connect() as connection:
                statuses = dict(connection.execute(sa.text(
                    "SELECT status, count(*) FROM webhook_deliveries GROUP BY status")).all())
                jobs = dict(connection.execute(sa.text(
                    "SELECT status, count(*) FROM jobs GROUP BY status")).all())
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait()
            engine.dispose()
    requests = sum(tally.seen.values())
    duplicates = sum(n - 1 for n in tally.seen.values() if n > 1)
    delivered = statuses.get("delivered", 0)
    print(f"{backend}, job queue on {queue.split(':', 1)[0]}: {delivered} deliveries by "
          f"{args.workers} workers x {args.threads} threads in {elapsed:.2f} s (start-up "
          f"included) = {delivered / elapsed:.0f}/s; receiver got {requests} requests, "
          f"{len(tally.seen)} distinct, {duplicates} duplicates, {tally.bad_signatures} bad "
          f"signatures; rows: {statuses}; jobs: {jobs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--endpoints", type=int, default=4)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--verbose", action="store_true", help="each worker's rounds")
    parser.add_argument("--queue", default="",
                        help="run the delivery jobs on the job queue: a redis:// URL or 'sqlite'")
    parser.add_argument("--threads", type=int, default=4, help="threads per queue worker")
    parser.add_argument("--pg", default=os.environ.get("FACTCHECK_TEST_DATABASE_URL"))
    args = parser.parse_args()
    drain = run_queue if args.queue else run
    with tempfile.TemporaryDirectory() as folder:
        drain("sqlite", f"sqlite:///{folder}/bench.sqlite3", folder, args)
        if args.pg:
            with scratch_postgres_database(args.pg, "factcheck_bench") as url:
                drain("postgresql", url, folder, args)


if __name__ == "__main__":
    main()
