"""Claim-matching speed: ClaimReview import and suggestions for a whole
article, at archive size.

    python bench/matching_speed.py [--documents 100000] [--desk 2000] [--pg URL]
                                   [--semantic [--encode-sample 1000]]

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

With ``--semantic`` (needs the model wheel: requirements-semantic.lock),
the same run then switches semantic matching on (an app with
MATCH_SEMANTIC, as FACTCHECK_MATCH_SEMANTIC=1 gives) and measures again on
the same database, at the same ``--documents`` verdicts, with the same 50
claim texts saved as a second article (in reverse order): the claim-matching job (it encodes
the 50 claims and scans every stored vector), the page's suggestions, the
search on the spot, one verdict arriving (its lexical scoring, its vector
job, and the matrix reload the next search pays), and the process's memory
(RSS and its peak) before and after the first search loads the vectors.
The invented verdicts' vectors are NOT computed by the model: encoding
100,000 texts with the numpy encoder takes hours on this machine, so each
gets a random unit float32 vector of the model's 384 dimensions, written
straight into ``claim_vectors`` with the model's name and its text's hash,
as the ``claim_vectors`` job would store it. A search's cost does not
depend on the values (an exact scan of every vector). What computing them
would cost is measured instead: the real encoder on ``--encode-sample`` of
the invented texts, in vectors per second. (Invented words split into many
word pieces: about 65 tokens a claim, more than real claims, so the
encoder's rate here is on the slow side.) With ``--semantic`` the last
import is left out, so both halves run at ``--documents`` verdicts.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.domain.claims import ClaimKind  # noqa: E402
from factcheck.domain.extraction.model import ExtractedClaim, Extraction, Metadata  # noqa: E402
from factcheck.domain.roles import Role  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.claim import Claim  # noqa: E402
from factcheck.models.claim_vector import ClaimVector  # noqa: E402
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument  # noqa: E402
from factcheck.models.user import User  # noqa: E402
from factcheck.services.claims import editing  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.intake.articles import create_article  # noqa: E402
from factcheck.services.intake.text_input import Draft  # noqa: E402
from factcheck.services.matching import (  # noqa: E402
    claim_figures,
    claimreview_import,
    sentence_model,
    vectors,
)
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


def median_ms(action: Callable[[], object], runs: int = 5) -> tuple[float, float, float]:
    """Median and best wall-clock milliseconds, and the median CPU
    milliseconds of this process (fairer on a loaded machine)."""
    times, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        db.session.rollback()
    return statistics.median(times) * 1000, min(times) * 1000, statistics.median(cpu) * 1000


def timed_once(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one run."""
    began, began_cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - began) * 1000, (time.process_time() - began_cpu) * 1000


def memory_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB."""
    fields = dict(line.split(":", 1) for line in
                  Path("/proc/self/status").read_text().splitlines() if ":" in line)
    now = int(fields["VmRSS"].split()[0]) / 1024
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def article_claims(article_id: int) -> list[tuple[int, str]]:
    return [(claim.id, claim.text) for claim in db.session.scalars(
        sa.select(Claim).where(Claim.article_id == article_id).order_by(Claim.id))][:50]


def measure_article(app: Any, label: str, sentences: list[str], number: int,
                    split: bool) -> list[tuple[int, str]]:
    """Save an article of these 50 claims, run its claim-matching job, then
    time the page's suggestions and the search on the spot; its claims."""
    save_time, claims = save_article(sentences, number)
    print(f"[{label}] saving a 50-claim article (the request): {save_time * 1000:.0f} ms "
          f"(CPU {CPU['save'] * 1000:.0f} ms)")
    job_time = run_matching_jobs(app)
    print(f"[{label}] the claim-matching job for it (searching and storing): "
          f"{job_time * 1000:.0f} ms (CPU {CPU.get('job', 0) * 1000:.0f} ms)")
    article_id = db.session.scalar(sa.select(Claim.article_id).where(Claim.id == claims[0][0]))
    assert article_id
    if split:
        split_times = []
        for claim_id, text in claims[:5]:
            claim = db.session.get(Claim, claim_id)
            assert claim is not None
            began = time.perf_counter()
            editing.split_claim(db.session, ACTOR, claim, claim.start + len(text) // 2,
                                claim.version)
            db.session.commit()
            split_times.append(time.perf_counter() - began)
        print(f"[{label}] splitting a claim (both halves matched in the request): median "
              f"{statistics.median(split_times) * 1000:.0f} ms of 5")
    claims = article_claims(article_id)
    page, page_best, page_cpu = median_ms(lambda: suggestions_for_claims(
        ACTOR, db.session, claims, 5, thresholds=Thresholds()))
    texts = [text for _, text in claims]
    live, live_best, live_cpu = median_ms(lambda: similar_for_many(ACTOR, db.session, texts, 5))
    print(f"[{label}] searching for the 50 claims on the spot (the page before): median "
          f"{live:.0f} ms, best {live_best:.0f} ms (CPU {live_cpu:.0f} ms)")
    documents = db.session.scalar(sa.select(sa.func.count()).select_from(MatchDocument))
    print(f"[{label}] suggestions for a 50-claim article at {documents:,} verdicts: "
          f"median {page:.0f} ms, best {page_best:.0f} ms (CPU {page_cpu:.0f} ms)")
    return claims


def one_arrival(label: str) -> None:
    """One verdict arriving, as publishing one does after indexing it:
    scored against the stored claims sharing a term with it."""
    document = db.session.scalars(sa.select(MatchDocument).limit(1)).one()
    arrival, arrival_best, arrival_cpu = median_ms(
        lambda: claim_figures.match_arrivals(db.session, [document]))
    print(f"[{label}] one verdict arriving (as publishing one does): median {arrival:.0f} ms, "
          f"best {arrival_best:.0f} ms (CPU {arrival_cpu:.0f} ms)")


def invented_vectors(seed: int) -> int:
    """A random unit vector of the model's dimensions for every imported
    verdict, stored as the claim_vectors job stores a computed one (model
    name, hash of the text); how many were written."""
    model = sentence_model.load()
    generator = np.random.default_rng(seed)
    rows = db.session.execute(
        sa.select(MatchDocument.id, ExternalVerdict.claim_text)
        .join(ExternalVerdict, ExternalVerdict.id == MatchDocument.external_verdict_id)
        .order_by(MatchDocument.id)).all()
    for start in range(0, len(rows), 10_000):
        chunk = rows[start:start + 10_000]
        values = generator.standard_normal((len(chunk), model.dimensions)).astype(np.float32)
        values /= np.linalg.norm(values, axis=1, keepdims=True)
        db.session.execute(sa.insert(ClaimVector), [
            {"document_id": key, "model": sentence_model.MODEL_NAME,
             "text_hash": vectors.text_hash(text), "vector": sentence_model.to_bytes(value)}
            for (key, text), value in zip(chunk, values, strict=True)])
        db.session.commit()
    return len(rows)


def encoder_rate(sample: int) -> None:
    """The real encoder on ``sample`` of the invented verdicts' texts: what
    the claim_vectors jobs would spend on the whole archive."""
    texts = list(db.session.scalars(sa.select(ExternalVerdict.claim_text)
                                    .order_by(ExternalVerdict.id).limit(sample)))
    db.session.rollback()
    model = sentence_model.load()
    wall, cpu = timed_once(lambda: model.encode(texts))
    rate = len(texts) / (wall / 1000)
    print(f"[semantic] encoding {len(texts):,} invented verdicts with the numpy encoder: "
          f"{wall / 1000:.1f} s (CPU {cpu / 1000:.1f} s), {rate:.1f} vectors/s wall, "
          f"{len(texts) / (cpu / 1000):.1f} per CPU second; 100,000 would take "
          f"{100_000 / rate / 3600:.1f} h at that rate")


def semantic_run(args: argparse.Namespace, url: str, folder: str,
                 sentences: list[str]) -> None:
    """The same measures with semantic matching on, on the same database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": f"{folder}/instance",
                      "SECRET_KEY": "bench-secret-key-long-enough-for-the-app",
                      "MATCH_SEMANTIC": True})
    with app.app_context():
        assert vectors.active(), "MATCH_SEMANTIC needs the model wheel (requirements-semantic.lock)"
        began = time.perf_counter()
        written = invented_vectors(17)
        print(f"[semantic] {written:,} random unit vectors (384 float32, NOT computed by the "
              f"model: a scan's cost does not depend on the values) written to claim_vectors "
              f"in {time.perf_counter() - began:.1f} s")
        encoder_rate(args.encode_sample)
        sentence_model.load()
        before, peak_before = memory_mb()
        probe = sentences[0]
        wall, cpu = timed_once(lambda: similar_for_many(ACTOR, db.session, [probe], 5))
        db.session.rollback()
        after, peak_after = memory_mb()
        print(f"[semantic] first search (reads the {written:,} vectors into memory): "
              f"{wall:.0f} ms (CPU {cpu:.0f} ms); RSS {before:.0f} MB before (model loaded), "
              f"{after:.0f} MB after (+{after - before:.0f} MB); peak {peak_before:.0f} MB "
              f"before, {peak_after:.0f} MB after")
        again, again_best, again_cpu = median_ms(
            lambda: similar_for_many(ACTOR, db.session, [probe], 5))
        print(f"[semantic] the same one-claim search again (vectors held): median "
              f"{again:.0f} ms, best {again_best:.0f} ms (CPU {again_cpu:.0f} ms)")
        # The lexical half's 50 claims again, in another order (the same
        # text would be found as a duplicate of its article, not saved).
        claims = measure_article(app, "semantic", sentences[::-1], 1_000_000, split=False)
        texts = [text for _, text in claims]
        tokens = statistics.mean(len(sentence_model.load().tokenizer.encode(
            text, sentence_model.MAX_TOKENS)) for text in texts)
        encode, encode_best, encode_cpu = median_ms(lambda: sentence_model.load().encode(texts))
        print(f"[semantic] of which encoding the 50 claims ({tokens:.0f} tokens each on "
              f"average): median {encode:.0f} ms, best {encode_best:.0f} ms "
              f"(CPU {encode_cpu:.0f} ms)")
        one_arrival("semantic")
        # A new verdict's own vector: its job encodes it, and the next
        # search reads every vector again (the set changed).
        data = records(random.Random(99), ["arrival", "verdict", "bridge"], [1.0, 1.0, 1.0],
                       10_000_000, 1)
        wall, cpu = timed_once(lambda: (import_bytes(db.session, ACTOR, data, "one"),
                                        db.session.commit()))
        print(f"[semantic] importing one new verdict (indexing, arrival scoring, its vector "
              f"job enqueued): {wall:.0f} ms (CPU {cpu:.0f} ms)")
        computed: list[int] = []
        wall, cpu = timed_once(lambda: (computed.append(vectors.compute_vectors(db.session)),
                                        db.session.commit()))
        print(f"[semantic] its claim_vectors job ({computed[0]} text encoded and stored): "
              f"{wall:.0f} ms (CPU {cpu:.0f} ms)")
        for moment in ("the next one-claim search (reads every vector again)", "and the one after"):
            wall, cpu = timed_once(lambda: similar_for_many(ACTOR, db.session, [probe], 5))
            db.session.rollback()
            print(f"[semantic] {moment}: {wall:.0f} ms (CPU {cpu:.0f} ms)")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--desk", type=int, default=2000,
                        help="claims waiting on the desk before the last import")
    parser.add_argument("--pg", default=None)
    parser.add_argument("--semantic", action="store_true",
                        help="then measure again with semantic matching on (random vectors)")
    parser.add_argument("--encode-sample", type=int, default=1000,
                        help="with --semantic: invented texts the real encoder is timed on")
    args = parser.parse_args()
    if args.semantic and not sentence_model.available():
        parser.error(sentence_model.INSTALL_HINT)
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
            sentences = [sentence(rng, words, weights) for _ in range(50)]
            measure_article(app, "lexical", sentences, 0, split=True)
            for number in range(1, args.desk // 50 + 1):
                save_article([sentence(rng, words, weights) for _ in range(50)], number)
                run_matching_jobs(app)
            one_arrival("lexical")
            if not args.semantic:
                last_import(rng, words, weights, args)
            db.session.remove()
            db.engine.dispose()
        if args.semantic:
            semantic_run(args, url, folder, sentences)


def last_import(rng: random.Random, words: list[str], weights: list[float],
                args: argparse.Namespace) -> None:
    """One more file of records with the desk's claims stored: the import
    also scores the new verdicts against them."""
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


if __name__ == "__main__":
    main()
