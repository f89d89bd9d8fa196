"""The ClaimReview DataFeed of the whole archive: time, statements, size and
peak memory of one GET /fact-checks/feed.jsonld, as an anonymous reader.

    factcheck demo --no-serve --synthetic 100000      # with FACTCHECK_INSTANCE_PATH=DIR
    python bench/feeds_speed.py --instance DIR [--runs 3] [--digest]

Runs on the instance's own database (the synthetic archive). The synthetic
loader writes published verdicts without the snapshot the workflow would
freeze, so they are not public: the first run gives them one (as
bench/public_pages_speed.py does), which changes that database. Then the
feed is requested --runs times and read to its end (timed), once more under
tracemalloc for the peak memory (not timed: tracing slows Python), and
its statements are counted. ``--digest`` prints the body's SHA-256, to
compare the output of two versions of the code on the same data.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.public_pages_speed import _snapshot_published  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402

URL = "/fact-checks/feed.jsonld"


def _get(client: Any) -> tuple[tuple[int, int, str], float, float]:
    """(bytes, ClaimReviews, SHA-256) of the body, read chunk by chunk as a
    client would (never held whole: the peak memory is the server's), the
    seconds it took and the CPU seconds this process spent (the fairer
    figure on a shared machine: the test client serves in this process)."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(URL, buffered=False)
    digest, size, items = hashlib.sha256(), 0, 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        digest.update(data)
        size += len(data)
        items += data.count(b'"@type": "ClaimReview"')
    response.close()
    return ((size, items, digest.hexdigest()), time.perf_counter() - started,
            time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", required=True, help="instance folder of the archive")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--digest", action="store_true", help="print the body's SHA-256")
    args = parser.parse_args()
    app = create_app({"INSTANCE_PATH": args.instance, "RATELIMIT_ENABLED": False,
                      "PUBLIC_BASE_URL": "https://checks.example"})
    with app.app_context():
        frozen = _snapshot_published(db.session)
        db.session.commit()
        published = db.session.scalar(sa.text(
            "SELECT count(*) FROM verdicts WHERE published_at IS NOT NULL"))
        engine = db.engine
    print(f"{published} published verdicts ({frozen} given a snapshot now)")
    client = app.test_client()
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    (size, items, digest), first, first_cpu = _get(client)
    sa.event.remove(engine, "before_cursor_execute", record)
    later = [_get(client)[1:] for _ in range(args.runs - 1)]
    times = [first] + [wall for wall, _ in later]
    cpu = [first_cpu] + [spent for _, spent in later]
    tracemalloc.start()
    tracemalloc.reset_peak()
    _get(client)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"DataFeed: {items} ClaimReviews, {size / 1e6:.1f} MB, "
          f"{len(statements)} statements; "
          f"median {statistics.median(times):.1f} s (runs: "
          + ", ".join(f"{t:.1f}" for t in times)
          + f"); CPU median {statistics.median(cpu):.1f} s; "
          f"peak traced memory {peak / 1e6:.1f} MB")
    if args.digest:
        print("sha256", digest)


if __name__ == "__main__":
    main()
