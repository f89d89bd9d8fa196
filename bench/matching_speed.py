"""Claim-matching speed: ClaimReview import and suggestions for a whole
article, at archive size.

    python bench/matching_speed.py [--documents 100000] [--pg URL]

Builds a scratch database (SQLite, or PostgreSQL with --pg) and imports
``--documents`` invented ClaimReview records through the import service
in files of 10,000 (each file timed: the "10,000 records in under a
minute" target). Then asks for suggestions for a 50-claim article in one
call, as the article page does, and prints the median of five runs
(target: under 300 ms at 100,000 verdicts). Claims are invented sentences
over a Zipf-distributed vocabulary, so common words are common and rare
ones rare, as in real claims.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.matching.claimreview_import import import_bytes  # noqa: E402
from factcheck.services.matching.search import similar_for_many  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from claim_matching import database  # noqa: E402

ACTOR = SystemActor(label="bench")
FILE_SIZE = 10_000
SYLLABLES = ["ka", "lo", "mi", "ter", "van", "sol", "rip", "den", "gor", "bel", "stu", "nax"]


def vocabulary(rng: random.Random, size: int = 8000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    chosen = rng.choices(words, weights=weights, k=rng.randint(8, 22))
    return " ".join(chosen).capitalize() + f" by {rng.randint(2, 99)} percent."


def records(rng: random.Random, words: list[str], weights: list[float], start: int,
            count: int) -> bytes:
    return json.dumps([{
        "@type": "ClaimReview", "url": f"https://speed.invalid/review/{number}",
        "claimReviewed": sentence(rng, words, weights),
        "headline": sentence(rng, words, weights),
        "author": {"@type": "Organization", "name": f"Checker {number % 40}"},
        "datePublished": "2025-05-01",
        "reviewRating": {"@type": "Rating", "ratingValue": number % 5 + 1, "bestRating": 5,
                         "worstRating": 1, "alternateName": "Rated"},
    } for number in range(start, start + count)]).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--pg", default=None)
    args = parser.parse_args()
    rng = random.Random(17)
    words = vocabulary(rng)
    weights = [1.0 / rank for rank in range(1, len(words) + 1)]
    with tempfile.TemporaryDirectory() as folder, database(args.pg, folder) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": f"{folder}/instance",
                          "SECRET_KEY": "bench-secret-key-long-enough-for-the-app"})
        with app.app_context():
            upgrade()
            import_times = []
            for start in range(0, args.documents, FILE_SIZE):
                data = records(rng, words, weights, start, min(FILE_SIZE, args.documents - start))
                began = time.perf_counter()
                import_bytes(db.session, ACTOR, data, f"file-{start}")
                db.session.commit()
                import_times.append(time.perf_counter() - began)
            print(f"import: {len(import_times)} files of {FILE_SIZE:,} records, median "
                  f"{statistics.median(import_times):.1f}s, slowest {max(import_times):.1f}s")
            article = [sentence(rng, words, weights) for _ in range(50)]
            runs = []
            for _ in range(5):
                began = time.perf_counter()
                similar_for_many(ACTOR, db.session, article, 5)
                runs.append(time.perf_counter() - began)
                db.session.rollback()
            print(f"suggestions for a 50-claim article at {args.documents:,} verdicts: "
                  f"median {statistics.median(runs) * 1000:.0f} ms, "
                  f"best {min(runs) * 1000:.0f} ms")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
