"""Claim-matching speed: ClaimReview import and suggestions for a whole
article, at archive size.

    python bench/matching_speed.py [--documents 100000] [--desk 2000] [--pg URL]

Builds a scratch database (SQLite, or PostgreSQL with --pg) and imports
``--documents`` invented ClaimReview records through the import service
in files of 10,000 (each file timed: the "10,000 records in under a
minute" target). Then saves a 50-claim article through the intake service
(timed: the request's share; the save enqueues the claim-matching job),
runs the job as a worker would (timed: the searching and storing that
used to be in the request; on code from before the job, the save did it
and no job is found), splits one claim (timed: an edit still matches its
one or two claims in the request), and asks for the
article page's suggestions for its 50 claims in one call, as the page
does (median of five runs; target: under 300 ms at 100,000 verdicts). For
comparison it also times the search the page did before matches were
stored (``similar_for_many`` over the 50 texts). Last, with ``--desk``
more claims waiting, it imports one more file of 10,000 records: the
import now also scores the new verdicts against the stored claims that
share a term with them. Claims are invented sentences over a
Zipf-distributed vocabulary, so common words are common and rare ones
rare, as in real claims.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.domain.claims import ClaimKind  # noqa: E402
from factcheck.domain.extraction.model import ExtractedClaim, Extraction, Metadata  # noqa: E402
from factcheck.domain.roles import Role  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.claim import Claim  # noqa: E402
from factcheck.models.external_verdict import MatchDocument  # noqa: E402
from factcheck.models.user import User  # noqa: E402
from factcheck.services.claims import editing  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.intake.articles import create_article  # noqa: E402
from factcheck.services.intake.text_input import Draft  # noqa: E402
from factcheck.services.matching import claim_figures, claimreview_import  # noqa: E402
from factcheck.services.matching.claimreview_import import import_bytes  # noqa: E402
from factcheck.services.matching.search import Thresholds, similar_for_many  # noqa: E402
from factcheck.services.matching.suggestions import suggestions_for_claims  # noqa: E402
from factcheck.worker.runner import run_job  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from claim_matching import database  # noqa: E402

ACTOR = SystemActor(label="bench")
# CPU seconds of the last save and job run: on a shared machine, fairer
# than the wall clock (this process does all the work, SQLite included).
CPU: dict[str, float] = {}
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


def article_extraction(sentences: list[str]) -> Extraction:
    """A saved article's claims as the extractor would hand them over: one
    claim per sentence."""
    body = " ".join(sentences)
    claims, start = [], 0
    for text in sentences:
        claims.append(ExtractedClaim(text=text, start=start, end=start + len(text),
                                     kind=ClaimKind.FACTUAL, checkworthiness=0.5))
        start += len(text) + 1
    return Extraction(metadata=Metadata(), blocks=(), claims=tuple(claims), text=body)


def save_article(sentences: list[str], number: int) -> tuple[float, list[tuple[int, str]]]:
    """Save an article through the intake service; (seconds, its claims)."""
    extraction = article_extraction(sentences)
    began, cpu = time.perf_counter(), time.process_time()
    saved = create_article(db.session, ACTOR, Draft(text=extraction.text,
                                                    title=f"Speed article {number}"), extraction)
    db.session.commit()
    elapsed = time.perf_counter() - began
    CPU["save"] = time.process_time() - cpu
    return elapsed, [(claim.id, claim.text) for claim in saved.article.claims]


def run_matching_jobs(app: Any) -> float:
    """Run the queued claim-matching jobs as a worker would; seconds. Plain
    SQL, so the same bench runs on code from before the job existed."""
    ids = list(db.session.scalars(sa.text(
        "SELECT id FROM jobs WHERE kind = 'claim_matching' AND status = 'queued' "
        "ORDER BY id")))
    db.session.commit()
    began, cpu = time.perf_counter(), time.process_time()
    for job_id in ids:
        outcome = run_job(app, job_id)
        assert outcome.value == "succeeded", outcome
    CPU["job"] = time.process_time() - cpu
    return time.perf_counter() - began


def owner() -> None:
    # Owns the saved articles; never signs in (no usable password).
    db.session.add(User(email="bench@speed.invalid", display_name="Bench",
                        password_hash="-", role=Role.ADMIN))  # noqa: S106
    db.session.commit()


def median_ms(action: Callable[[], object], runs: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
        db.session.rollback()
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--desk", type=int, default=2000,
                        help="claims waiting on the desk before the last import")
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
            owner()
            save_time, claims = save_article([sentence(rng, words, weights) for _ in range(50)],
                                             0)
            print(f"saving a 50-claim article (the request): {save_time * 1000:.0f} ms "
                  f"(CPU {CPU['save'] * 1000:.0f} ms)")
            job_time = run_matching_jobs(app)
            print(f"the claim-matching job for it (searching and storing): "
                  f"{job_time * 1000:.0f} ms (CPU {CPU.get('job', 0) * 1000:.0f} ms)")
            article_id = db.session.scalar(sa.select(Claim.article_id)
                                           .where(Claim.id == claims[0][0]))
            split_times = []
            for claim_id, text in claims[:5]:
                claim = db.session.get(Claim, claim_id)
                assert claim is not None and article_id
                began = time.perf_counter()
                editing.split_claim(db.session, ACTOR, claim, claim.start + len(text) // 2,
                                    claim.version)
                db.session.commit()
                split_times.append(time.perf_counter() - began)
            print(f"splitting a claim (both halves matched in the request): median "
                  f"{statistics.median(split_times) * 1000:.0f} ms of 5")
            claims = [(claim.id, claim.text) for claim in db.session.scalars(
                sa.select(Claim).where(Claim.article_id == article_id).order_by(Claim.id))][:50]
            page, page_best = median_ms(lambda: suggestions_for_claims(
                ACTOR, db.session, claims, 5, thresholds=Thresholds()))
            texts = [text for _, text in claims]
            live, live_best = median_ms(lambda: similar_for_many(ACTOR, db.session, texts, 5))
            print(f"searching for the 50 claims on the spot (the page before): median "
                  f"{live:.0f} ms, best {live_best:.0f} ms")
            print(f"suggestions for a 50-claim article at {args.documents:,} verdicts: "
                  f"median {page:.0f} ms, best {page_best:.0f} ms")
            for number in range(1, args.desk // 50 + 1):
                save_article([sentence(rng, words, weights) for _ in range(50)], number)
                run_matching_jobs(app)
            # One verdict arriving (what publishing one does after indexing
            # it): scored against the stored claims sharing a term with it.
            document = db.session.scalars(sa.select(MatchDocument).limit(1)).one()
            arrival, arrival_best = median_ms(
                lambda: claim_figures.match_arrivals(db.session, [document]))
            print(f"one verdict arriving (as publishing one does): median {arrival:.0f} ms, "
                  f"best {arrival_best:.0f} ms")
            data = records(rng, words, weights, args.documents, FILE_SIZE)
            spent: list[float] = []
            timed = claimreview_import.match_arrivals

            def arrivals(session: Any, documents: Any) -> None:
                began = time.perf_counter()
                timed(session, documents)
                spent.append(time.perf_counter() - began)

            claimreview_import.match_arrivals = arrivals  # type: ignore[assignment]
            began = time.perf_counter()
            import_bytes(db.session, ACTOR, data, "file-last")
            db.session.commit()
            claimreview_import.match_arrivals = timed  # type: ignore[assignment]
            print(f"import of {FILE_SIZE:,} more records with {args.desk // 50 * 50 + 50:,} "
                  f"claims stored: {time.perf_counter() - began:.1f}s, of which scoring "
                  f"them against the stored claims {sum(spent):.1f}s")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
