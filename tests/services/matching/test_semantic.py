"""Semantic matching (the ``semantic`` extra): vectors computed by their
job, then fused with the lexical ranking. Tests that need the model wheel
skip, saying how to install it, where it is missing; under
FACTCHECK_REQUIRE_SEMANTIC=1 (CI) they fail instead."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sqlalchemy as sa

from factcheck.domain.jobs import JobKind
from factcheck.models.claim_vector import ClaimVector
from factcheck.models.job import Job
from factcheck.services.matching import sentence_model, vectors
from factcheck.services.matching.claimreview_import import import_bytes
from factcheck.services.matching.search import Thresholds, similar_verdicts
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.semantic import require_model

CHECKED = [
    "The harbour bridge toll doubled overnight for all drivers",
    "Ferries will stop running on Sundays from May",
    "The new stadium cost the city 400 million euros",
    "School lunches will be free for every pupil from September",
]
EVERYTHING = Thresholds(similar=0.0, likely_same=1.0)


@pytest.fixture
def model():
    require_model()
    return sentence_model.load()


@pytest.fixture
def semantic(model, monkeypatch):
    monkeypatch.setattr(vectors, "_enabled", True)
    monkeypatch.setattr(vectors, "_matrix_cache", None)


def _import(session, texts):
    items = [review(number, claimReviewed=text, headline="")
             for number, text in enumerate(texts)]
    import_bytes(session, SYSTEM, json.dumps(items).encode(), "checked.json")


def test_the_packaged_model_puts_a_paraphrase_closer_than_another_claim(model):
    found = model.encode(["Children will get school meals at no cost from the autumn",
                          CHECKED[3], CHECKED[0]])
    assert found.shape == (3, 384)
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)
    assert found[0] @ found[1] > found[0] @ found[2] + 0.2


def test_importing_asks_for_vectors_and_the_job_computes_each_once(session, semantic):
    _import(session, CHECKED)
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)
                          .where(Job.kind == JobKind.CLAIM_VECTORS)) == 1
    assert vectors.compute_vectors(session) == len(CHECKED)
    assert vectors.compute_vectors(session) == 0  # a second run has nothing to do
    stored = session.scalars(sa.select(ClaimVector)).all()
    assert {row.model for row in stored} == {sentence_model.MODEL_NAME}
    assert all(len(row.vector) == 384 * 4 for row in stored)


def test_a_reimported_verdict_with_new_words_gets_a_new_vector(session, semantic):
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    _import(session, ["Ferries will run every Sunday all year", *CHECKED[1:]][:1])
    assert vectors.compute_vectors(session) == 1


def test_switched_off_nothing_is_asked_and_ranking_stays_lexical(session):
    _import(session, CHECKED)
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)
                          .where(Job.kind == JobKind.CLAIM_VECTORS)) == 0


def test_fusion_finds_a_claim_that_shares_no_words_with_the_query(session, semantic):
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    query = "Kids eat at the canteen for nothing once the autumn term begins"
    found = similar_verdicts(SYSTEM, session, query, 3, thresholds=EVERYTHING)
    assert found and found[0].claim_text == CHECKED[3]
    assert 0.0 < found[0].similarity <= 1.0
