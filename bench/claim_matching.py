"""Claim matching quality (MAP@5) through the service the pages use.

    python bench/claim_matching.py --verified FILE --queries FILE --qrels FILE [--pg URL]
                                   [--stored] [--semantic]

Loads the verified claims into a scratch database as imported fact-checks
(ClaimReview JSON through the import service: the claim as claimReviewed,
the fact-check's title as its headline), then asks ``similar_verdicts``
for each query, with no similarity threshold, and scores the top five
against the qrels. With ``--stored``, the posts are saved as the claims of
articles and matched as the desk's claims are (``refresh_claims``, what
saving an article runs), and their suggestions read back as the article
page reads them (``suggestions_for_claims``). With ``--semantic`` (needs
the ``semantic`` extra), the verified claims' vectors are computed as the
``claim_vectors`` job computes them, and matching fuses lexical and vector
ranks (FACTCHECK_MATCH_SEMANTIC). Files are CLEF CheckThat! 2020
task 2's formats: TSV with a header (id, claim, title) and (id, text), qrels "query 0 claim 1". The
last line printed is ``MAP@5=0.xxx``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.domain.claims import ClaimKind, ClaimStatus  # noqa: E402
from factcheck.domain.roles import Role  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.article import Article  # noqa: E402
from factcheck.models.claim import Claim  # noqa: E402
from factcheck.models.user import User  # noqa: E402
from factcheck.scratch_db import scratch_postgres_database  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.matching.claim_figures import refresh_claims  # noqa: E402
from factcheck.services.matching.claimreview_import import import_bytes  # noqa: E402
from factcheck.services.matching.search import Thresholds, similar_for_many  # noqa: E402
from factcheck.services.matching.suggestions import suggestions_for_claims  # noqa: E402
from factcheck.services.matching.vectors import compute_vectors  # noqa: E402

URL_PREFIX = "https://bench.invalid/fact-check/"
ACTOR = SystemActor(label="bench")
EVERYTHING = Thresholds(similar=0.0, likely_same=1.0)


def read_tsv(path: str) -> list[list[str]]:
    csv.field_size_limit(10_000_000)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [row for row in rows[1:] if len(row) >= 2]


def read_qrels(path: str) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "0":
            relevant.setdefault(parts[0], set()).add(parts[2])
    return relevant


def claimreview_feed(rows: list[list[str]]) -> bytes:
    return json.dumps([{
        "@type": "ClaimReview", "url": URL_PREFIX + row[0], "claimReviewed": row[1],
        "headline": row[2] if len(row) > 2 else "",
        "author": {"@type": "Organization", "name": "Benchmark fact-checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "Rated"},
    } for row in rows if row[1].strip()]).encode()


def stored_rankings(queries: list[tuple[str, str]]) -> list[list[str]]:
    """The posts as our claims: matched and stored, then read as the pages do."""
    owner = User(email="bench@matching.invalid", display_name="Bench",
                 password_hash="-", role=Role.ADMIN)  # noqa: S106 (never signs in)
    db.session.add(owner)
    db.session.flush()
    ids: list[int | None] = []
    for start in range(0, len(queries), 50):
        texts = [text for _, text in queries[start:start + 50]]
        body = "\n\n".join(texts)
        article = Article(title=f"Posts {start}", body=body, added_by_id=owner.id,
                          content_hash=hashlib.sha256(f"{start}:{body}".encode()).hexdigest())
        db.session.add(article)
        claims: list[Claim | None] = []
        offset = 0
        for text in texts:
            claim = None
            if text.strip():
                claim = Claim(article=article, text=text, start=offset,
                              end=offset + len(text), kind=ClaimKind.FACTUAL,
                              status=ClaimStatus.NEW, checkworthiness=0.5)
                db.session.add(claim)
            claims.append(claim)
            offset += len(text) + 2
        db.session.flush()
        refresh_claims(db.session, [claim for claim in claims if claim is not None])
        db.session.commit()
        ids.extend(claim.id if claim is not None else None for claim in claims)
    rankings = []
    for start in range(0, len(queries), 50):
        batch = [(claim_id, text) for claim_id, (_, text) in
                 zip(ids[start:start + 50], queries[start:start + 50], strict=True)
                 if claim_id is not None]
        found = suggestions_for_claims(ACTOR, db.session, batch, 5, thresholds=EVERYTHING)
        for claim_id in ids[start:start + 50]:
            rankings.append([item.link.removeprefix(URL_PREFIX)
                             for item in found.get(claim_id or 0, [])])
    return rankings


def average_precision(ranked: list[str], relevant: set[str], depth: int = 5) -> float:
    hits, total = 0, 0.0
    for position, key in enumerate(ranked[:depth], start=1):
        if key in relevant:
            hits += 1
            total += hits / position
    return total / min(len(relevant), depth) if relevant else 0.0


@contextmanager
def database(pg_url: str | None, folder: str) -> Iterator[str]:
    if pg_url:
        with scratch_postgres_database(pg_url, "factcheck_bench") as url:
            yield url
    else:
        yield f"sqlite:///{folder}/matching.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verified", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--qrels", required=True)
    parser.add_argument("--pg", default=None, help="PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--stored", action="store_true",
                        help="save the posts as claims and read their stored suggestions")
    parser.add_argument("--semantic", action="store_true",
                        help="fuse with sentence vectors (the semantic extra)")
    args = parser.parse_args()
    verified, queries = read_tsv(args.verified), read_tsv(args.queries)
    relevant = read_qrels(args.qrels)
    with tempfile.TemporaryDirectory() as folder, database(args.pg, folder) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": f"{folder}/instance",
                          "SECRET_KEY": "bench-secret-key-long-enough-for-the-app",
                          "MATCH_SEMANTIC": args.semantic})
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            report = import_bytes(db.session, ACTOR, claimreview_feed(verified), "benchmark")
            db.session.commit()
            print(f"{report.summary} ({time.perf_counter() - started:.1f}s)", file=sys.stderr)
            if args.semantic:
                started = time.perf_counter()
                computed = 0
                while batch := len(compute_vectors(db.session)):
                    db.session.commit()
                    computed += batch
                print(f"{computed} vectors ({time.perf_counter() - started:.1f}s)",
                      file=sys.stderr)
            started = time.perf_counter()
            pairs = [(row[0], row[1]) for row in queries]
            if args.stored:
                rankings = stored_rankings(pairs)
            else:
                rankings = [[item.link.removeprefix(URL_PREFIX) for item in similar_for_many(
                    ACTOR, db.session, [text], 5, thresholds=EVERYTHING)[0]]
                    for _, text in pairs]
            scores = [average_precision(ranked, relevant.get(query_id, set()))
                      for (query_id, _), ranked in zip(pairs, rankings, strict=True)]
            elapsed = time.perf_counter() - started
            print(f"{len(queries)} queries in {elapsed:.1f}s", file=sys.stderr)
            db.session.remove()
            db.engine.dispose()
    print(f"MAP@5={sum(scores) / max(len(scores), 1):.3f}")


if __name__ == "__main__":
    main()
