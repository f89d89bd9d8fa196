"""Sentence vectors for the optional semantic ranker: computed by a job
(``claim_vectors``) when verdicts are published or imported, never on a
page request; read back for the few candidates a search ranks.

Idempotent: a run computes vectors only for documents that have none for
this model and text (``text_hash``), so a second run after a crash, or two
jobs at once, write nothing twice. A run does a bounded batch and enqueues
the next one when more remain; the job (``background.compute_claim_vectors``)
then scores the new vectors against the claims they may match."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from factcheck.database import read_apart
from factcheck.domain.jobs import JobKind
from factcheck.models.claim import Claim
from factcheck.models.claim_vector import ClaimVector
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.session import DbSession
from factcheck.services.jobs import enqueue
from factcheck.services.matching import sentence_model
from factcheck.services.matching.published_text import published_claim_text
from factcheck.services.matching.sentence_model import Array

ACTOR = SystemActor(label="claim vectors")
BATCH = 500
# How many nearest documents by vector join the lexical candidates (tuned with them).
NEIGHBOURS = 100

_enabled = False


def configure(enabled: bool) -> None:
    """At start-up, from FACTCHECK_MATCH_SEMANTIC (README: Semantic matching)."""
    global _enabled
    _enabled = enabled


def active() -> bool:
    """Semantic ranking is switched on and its model is installed."""
    return _enabled and sentence_model.available()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def request_vectors(session: DbSession, document_ids: Sequence[int]) -> None:
    """After publishing or importing these documents: a vector whose text
    changed (a re-imported verdict) is dropped, and the job that computes
    the missing ones is enqueued, once per newest document (publishing
    twice before a worker runs asks once)."""
    if not active() or not document_ids:
        return
    texts = _texts(session, document_ids)
    stale = [key for key, digest in session.execute(
        sa.select(ClaimVector.document_id, ClaimVector.text_hash)
        .where(ClaimVector.document_id.in_(list(texts)))) if digest != text_hash(texts[key])]
    if stale:
        session.execute(sa.delete(ClaimVector).where(ClaimVector.document_id.in_(stale)))
    enqueue(session, ACTOR, JobKind.CLAIM_VECTORS, {}, f"claim-vectors:{max(document_ids)}")


def _texts(session: DbSession, document_ids: Sequence[int]) -> dict[int, str]:
    """The text each document is searched by: our claim as its verdict
    judged it, or the imported verdict's claim."""
    found: dict[int, str] = {key: text for key, text in session.execute(
        sa.select(MatchDocument.id, ExternalVerdict.claim_text)
        .join(ExternalVerdict, ExternalVerdict.id == MatchDocument.external_verdict_id)
        .where(MatchDocument.id.in_(list(document_ids))))}
    for key, claim, verdict in session.execute(
            sa.select(MatchDocument.id, Claim, Verdict)
            .join(Claim, Claim.id == MatchDocument.claim_id)
            .join(Verdict, Verdict.id == MatchDocument.verdict_id)
            .where(MatchDocument.id.in_(list(document_ids)))):
        found[key] = published_claim_text(claim, verdict)
    return found


def missing(session: DbSession, limit: int) -> dict[int, str]:
    """Up to ``limit`` documents without a vector from this model, and
    their text."""
    ids = list(session.scalars(
        sa.select(MatchDocument.id)
        .outerjoin(ClaimVector, sa.and_(ClaimVector.document_id == MatchDocument.id,
                                        ClaimVector.model == sentence_model.MODEL_NAME))
        .where(ClaimVector.document_id.is_(None)).order_by(MatchDocument.id).limit(limit)))
    return dict(sorted(_texts(session, ids).items())) if ids else {}


def compute_vectors(session: DbSession, limit: int = BATCH) -> list[int]:
    """Compute and store up to ``limit`` missing vectors; the documents
    that got one. The encoding runs apart from the writing transaction."""
    model = sentence_model.load()
    todo = read_apart(session, lambda own: missing(own, limit))
    if not todo:
        return []
    keys = list(todo)
    vectors = model.encode([todo[key] for key in keys])
    session.execute(sa.delete(ClaimVector).where(ClaimVector.document_id.in_(keys)))
    generation = _newest_generation(session) + 1
    session.execute(sa.insert(ClaimVector), [
        {"document_id": key, "model": sentence_model.MODEL_NAME,
         "text_hash": text_hash(todo[key]), "vector": sentence_model.to_bytes(vector),
         "generation": generation}
        for key, vector in zip(keys, vectors, strict=True)])
    return keys


def encode_texts(texts: Sequence[str]) -> Array:
    """Claims' vectors, one row per text (unit length)."""
    return sentence_model.load().encode(list(texts))


def document_vectors(session: DbSession, document_ids: Sequence[int]) -> dict[int, Array]:
    """The stored vectors of these documents (those that have one)."""
    found: dict[int, Array] = {}
    ordered = sorted(set(document_ids))
    for start in range(0, len(ordered), BATCH):
        found.update((key, sentence_model.from_bytes(data)) for key, data in session.execute(
            sa.select(ClaimVector.document_id, ClaimVector.vector)
            .where(ClaimVector.model == sentence_model.MODEL_NAME,
                   ClaimVector.document_id.in_(ordered[start:start + BATCH]))))
    return found


@dataclass(frozen=True)
class _Matrix:
    """Every current vector, one row per document (keys ascending), with
    the claim each document is ours on (0: imported). Read once per process;
    after that only the rows of later writes are read and merged in."""

    stamp: tuple[int, int]  # newest generation read, and its row count then
    keys: NDArray[np.int64]
    owners: NDArray[np.int64]
    vectors: NDArray[np.float32]


_matrix_cache: _Matrix | None = None


def _newest_generation(session: DbSession) -> int:
    """-1: no vector yet."""
    newest = session.scalar(sa.select(sa.func.max(ClaimVector.generation))
                            .where(ClaimVector.model == sentence_model.MODEL_NAME))
    return -1 if newest is None else int(newest)


def _stamp(session: DbSession) -> tuple[int, int]:
    newest = _newest_generation(session)
    # Two writes can share a generation (two jobs at once): the row count
    # of the newest tells a later one apart.
    rows = int(session.scalar(sa.select(sa.func.count()).select_from(ClaimVector).where(
        ClaimVector.model == sentence_model.MODEL_NAME, ClaimVector.generation == newest)) or 0)
    return newest, rows


def _read(session: DbSession, since: int | None) -> tuple[NDArray[np.int64], NDArray[np.int64],
                                                           NDArray[np.float32]]:
    statement = (sa.select(ClaimVector.document_id, MatchDocument.claim_id, ClaimVector.vector)
                 .join(MatchDocument, MatchDocument.id == ClaimVector.document_id)
                 .where(ClaimVector.model == sentence_model.MODEL_NAME)
                 .order_by(ClaimVector.document_id))
    if since is not None:
        statement = statement.where(ClaimVector.generation >= since)
    rows = session.execute(statement).all()
    dimensions = len(rows[0][2]) // 4 if rows else 0
    return (np.array([row[0] for row in rows], dtype=np.int64),
            np.array([row[1] or 0 for row in rows], dtype=np.int64),
            np.frombuffer(b"".join(row[2] for row in rows), dtype="<f4")
            .reshape(len(rows), dimensions))


def _merged(old: _Matrix, keys: NDArray[np.int64], owners: NDArray[np.int64],
            vectors: NDArray[np.float32], stamp: tuple[int, int]) -> _Matrix:
    """``old`` with these rows: a document it holds gets its new vector,
    a new one is added (keys stay ascending)."""
    if not len(keys):
        return _Matrix(stamp, old.keys, old.owners, old.vectors)
    if not len(old.keys):
        return _Matrix(stamp, keys, owners, vectors)
    places = np.searchsorted(old.keys, keys)
    held = (places < len(old.keys)) & (old.keys[np.minimum(places, len(old.keys) - 1)] == keys)
    matrix = old.vectors
    if held.any():
        matrix = np.array(old.vectors)  # the read-only copy from the database, made writable
        matrix[places[held]] = vectors[held]
    added = ~held
    all_keys = np.concatenate([old.keys, keys[added]])
    all_owners = np.concatenate([old.owners, owners[added]])
    all_vectors = np.concatenate([matrix, vectors[added]]) if added.any() else matrix
    if added.any() and keys[added].min() < old.keys[-1]:
        order = np.argsort(all_keys, kind="stable")
        all_keys, all_owners, all_vectors = all_keys[order], all_owners[order], all_vectors[order]
    return _Matrix(stamp, all_keys, all_owners, all_vectors)


def _matrix(session: DbSession) -> _Matrix:
    global _matrix_cache
    stamp = _stamp(session)
    cached = _matrix_cache
    if cached is None or cached.stamp[0] > stamp[0]:  # first read, or vectors wiped
        _matrix_cache = _Matrix(stamp, *_read(session, None))
    elif cached.stamp != stamp:
        _matrix_cache = _merged(cached, *_read(session, cached.stamp[0]), stamp=stamp)
    assert _matrix_cache is not None
    return _matrix_cache


@dataclass(frozen=True)
class Nearest:
    """One text's nearest documents by vector, closest first, and its
    cosine with any document that has a vector."""

    keys: list[int]
    document_keys: NDArray[np.int64]  # the matrix's keys, ascending
    cosines: NDArray[np.float32]  # the text's cosine with each of them

    def cosine(self, key: int) -> float | None:
        """None: the document has no vector (yet)."""
        index = int(np.searchsorted(self.document_keys, key))
        if index < len(self.document_keys) and self.document_keys[index] == key:
            return float(self.cosines[index])
        return None


def nearest(session: DbSession, texts: Sequence[str], exclude_claim_ids: Sequence[int | None],
            depth: int = NEIGHBOURS, *, encoded: Array | None = None) -> list[Nearest]:
    """Per text, the ``depth`` documents whose vectors are closest to its
    own, closest first: an exact scan, the vectors being few enough to hold
    (README: Semantic matching). A claim's own published verdict is left
    out. With ``depth`` 0, no ranking: only the cosines, to score
    documents already chosen. ``encoded``: the texts' vectors, when the
    caller has them already."""
    matrix = _matrix(session)
    if not len(matrix.keys):
        return [Nearest([], matrix.keys, np.zeros(0, dtype=np.float32)) for _ in texts]
    if encoded is None:
        encoded = encode_texts(texts)
    similarities = encoded @ matrix.vectors.T
    results: list[Nearest] = []
    for row, exclude in zip(similarities, exclude_claim_ids, strict=True):
        ranking = row if exclude is None else np.where(matrix.owners == exclude, -np.inf, row)
        count = min(depth, len(ranking))
        if not count:
            results.append(Nearest([], matrix.keys, row))
            continue
        top = np.argpartition(-ranking, count - 1)[:count]
        top = top[np.lexsort((matrix.keys[top], -ranking[top]))]
        results.append(Nearest([int(matrix.keys[index]) for index in top
                                if np.isfinite(ranking[index])], matrix.keys, row))
    return results

