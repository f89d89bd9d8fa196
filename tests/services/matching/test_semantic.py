"""Semantic matching (the ``semantic`` extra): vectors computed by their
job, then fused with the lexical ranking. Tests that need the model wheel
skip, saying how to install it, where it is missing; under
FACTCHECK_REQUIRE_SEMANTIC=1 (CI) they fail instead."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pytest
import sqlalchemy as sa

from factcheck.domain.jobs import JobKind, JobStatus
from factcheck.domain.ratings import TruthRating
from factcheck.models.claim_match import ClaimMatch, ClaimMatchFigure
from factcheck.models.claim_vector import ClaimVector
from factcheck.models.external_verdict import MatchDocument
from factcheck.models.job import Job
from factcheck.services.matching import sentence_model, vectors
from factcheck.services.matching.claim_figures import Found, refresh_claims, store_found
from factcheck.services.matching.claimreview_import import import_bytes
from factcheck.services.matching.index import index_published
from factcheck.services.matching.search import (
    LEXICAL_THRESHOLDS,
    SEMANTIC_THRESHOLDS,
    Match,
    Thresholds,
    configured_thresholds,
    similar_verdicts,
)
from factcheck.services.matching.suggestions import suggestions_for_claims
from factcheck.worker.runner import Outcome, run_job
from tests.domain.matching.test_claimreview_reader import review
from tests.support.factories import SYSTEM
from tests.support.semantic import require_model
from tests.support.verdicts import make_article, publish, published_claim
from tests.support.workflow import acting

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
    assert len(vectors.compute_vectors(session)) == len(CHECKED)
    assert vectors.compute_vectors(session) == []  # a second run has nothing to do
    stored = session.scalars(sa.select(ClaimVector)).all()
    assert {row.model for row in stored} == {sentence_model.MODEL_NAME}
    assert all(len(row.vector) == 384 * 4 for row in stored)


def test_a_reimported_verdict_with_new_words_gets_a_new_vector(session, semantic):
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    _import(session, ["Ferries will run every Sunday all year", *CHECKED[1:]][:1])
    assert len(vectors.compute_vectors(session)) == 1


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


def test_a_claim_nothing_was_checked_about_gets_no_suggestion(session, semantic):
    # The fused ranking always has a first; its similarity must not say
    # "likely the same claim" when the archive holds nothing about it.
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    query = "The museum will open a wing for modern sculpture next spring"
    assert similar_verdicts(SYSTEM, session, query, 5, thresholds=SEMANTIC_THRESHOLDS) == []
    assert similar_verdicts(SYSTEM, session, query, 1, thresholds=EVERYTHING)[0].similarity \
        < SEMANTIC_THRESHOLDS.similar


def test_a_paraphrase_is_suggested_and_a_repeat_is_likely_the_same_claim(session, semantic):
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    (paraphrase,) = similar_verdicts(SYSTEM, session, "The city paid 400 million euros for "
                                     "its new stadium", 1, thresholds=SEMANTIC_THRESHOLDS)
    assert paraphrase.claim_text == CHECKED[2]
    (repeat,) = similar_verdicts(SYSTEM, session, CHECKED[1], 1, thresholds=SEMANTIC_THRESHOLDS)
    assert repeat.claim_text == CHECKED[1] and repeat.likely_same
    assert repeat.similarity == pytest.approx(1.0, abs=1e-3)


def test_thresholds_not_configured_follow_the_similarity_in_use(semantic):
    assert configured_thresholds(None, None) == SEMANTIC_THRESHOLDS
    assert configured_thresholds(0.3, None) == Thresholds(0.3, SEMANTIC_THRESHOLDS.likely_same)
    vectors.configure(False)
    try:
        assert configured_thresholds(None, None) == LEXICAL_THRESHOLDS
    finally:
        vectors.configure(True)


def test_a_verdict_arriving_later_is_scored_on_meaning_once_its_vector_exists(
        app, session, editor, semantic):
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    _, claims = make_article(session, acting(session, editor).id,
                             ["Parents pay nothing for school dinners from next autumn"])
    refresh_claims(session, claims)
    session.commit()
    assert session.scalar(sa.select(ClaimMatchFigure.vector_model)) == sentence_model.MODEL_NAME
    _import(session, [*CHECKED, "Dinners at school cost parents nothing from the autumn"])
    session.commit()
    late = session.scalar(sa.select(MatchDocument.id).order_by(MatchDocument.id.desc()))

    def stored() -> float | None:
        return session.scalar(sa.select(ClaimMatch.similarity).where(
            ClaimMatch.claim_id == claims[0].id, ClaimMatch.document_id == late))

    on_words = stored()  # on arrival: no vector yet, its words alone
    assert on_words is not None
    job_id = session.scalar(sa.select(sa.func.max(Job.id)).where(
        Job.kind == JobKind.CLAIM_VECTORS, Job.status == JobStatus.QUEUED))
    assert run_job(app, job_id) is Outcome.SUCCEEDED
    session.expire_all()
    assert stored() > on_words + 0.1  # the job scored it on meaning too
    found = suggestions_for_claims(SYSTEM, session, [(claims[0].id, claims[0].text)], 5,
                                   thresholds=SEMANTIC_THRESHOLDS)[claims[0].id]
    assert found[0].claim_text.startswith("Dinners at school") and found[0].likely_same


def test_pages_list_stored_matches_in_the_ranking_order_not_by_similarity(session, editor):
    _import(session, CHECKED)
    documents = session.scalars(sa.select(MatchDocument.id).order_by(MatchDocument.id)).all()
    _, claims = make_article(session, acting(session, editor).id, ["A claim"])
    ranked = [Match(documents[2], 0.5), Match(documents[0], 0.7), Match(documents[1], 0.6)]
    store_found(session, Found([(claims[0].id, "A claim")], [ranked], [[]], [None]),
                datetime.now(UTC))
    session.flush()
    found = suggestions_for_claims(SYSTEM, session, [(claims[0].id, "A claim")], 5,
                                   thresholds=EVERYTHING)[claims[0].id]
    assert [item.claim_text for item in found] == [CHECKED[2], CHECKED[0], CHECKED[1]]
    assert session.scalar(sa.select(ClaimMatchFigure.best_similarity)) == pytest.approx(0.7)


def test_a_process_holding_the_vectors_sees_a_reimported_verdicts_new_meaning(session, semantic):
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    query = "Lighthouse keepers are paid more than judges"
    assert similar_verdicts(SYSTEM, session, query, 1, thresholds=SEMANTIC_THRESHOLDS) == []
    # Same review (same document, same number of vectors), other words.
    _import(session, ["Lighthouse keepers earn more than judges"])
    vectors.compute_vectors(session)
    (found,) = similar_verdicts(SYSTEM, session, query, 1, thresholds=SEMANTIC_THRESHOLDS)
    assert found.claim_text == "Lighthouse keepers earn more than judges" and found.likely_same


def test_verdicts_imported_after_the_vectors_were_read_are_found_too(session, semantic):
    _import(session, CHECKED[:2])
    vectors.compute_vectors(session)
    similar_verdicts(SYSTEM, session, CHECKED[0], 1, thresholds=EVERYTHING)  # reads them
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    query = "Kids eat at the canteen for nothing once the autumn term begins"
    (found,) = similar_verdicts(SYSTEM, session, query, 1, thresholds=EVERYTHING)
    assert found.claim_text == CHECKED[3]  # no word in common: found by its vector
    held = vectors._matrix(session)
    assert list(held.keys) == sorted(held.keys) and len(held.keys) == len(CHECKED)

def test_a_republished_verdict_whose_claim_changed_is_not_scored_on_its_old_vector(
        session, editor, semantic):
    # Its old text's vector is gone before the desk's claims meet it: until
    # the job computes the new one, it is scored on its words alone.
    editor_id = acting(session, editor).id
    checked = published_claim(session, editor_id, CHECKED[3])
    index_published(session, checked, checked.current_verdict)
    vectors.compute_vectors(session)
    _, claims = make_article(session, editor_id,
                             ["Parents pay nothing for school dinners from next autumn"])
    refresh_claims(session, claims)
    checked.text = "The school roof will be repaired during the summer"
    index_published(session, checked, publish(session, checked, editor_id, TruthRating.TRUE))
    similarity = session.scalar(sa.select(ClaimMatch.similarity)
                                .where(ClaimMatch.claim_id == claims[0].id))
    vectors.configure(False)  # the fixture switches it back
    (on_words,) = similar_verdicts(SYSTEM, session, claims[0].text, 1, thresholds=EVERYTHING)
    assert similarity == pytest.approx(on_words.similarity)


def test_a_verdict_found_by_meaning_alone_stays_suggested_when_its_rating_is_updated(
        session, editor, semantic):
    # Re-importing it scores it afresh against the claims it matched, not
    # only those sharing a word with it.
    _import(session, CHECKED)
    vectors.compute_vectors(session)
    _, claims = make_article(session, acting(session, editor).id,
                             ["Kids eat at the canteen for nothing once the autumn term begins"])
    refresh_claims(session, claims)
    wanted = [(claims[0].id, claims[0].text)]

    def suggested() -> list[tuple[str, float]]:
        return [(item.claim_text, round(item.similarity, 6)) for item in suggestions_for_claims(
            SYSTEM, session, wanted, 5, thresholds=EVERYTHING)[claims[0].id]]

    before = suggested()
    assert before and before[0][0] == CHECKED[3]
    updated = review(3, claimReviewed=CHECKED[3], headline="",
                     reviewRating={"@type": "Rating", "alternateName": "Mostly false"})
    assert import_bytes(session, SYSTEM, json.dumps([updated]).encode(), "again.json").updated == 1
    assert suggested() == before
