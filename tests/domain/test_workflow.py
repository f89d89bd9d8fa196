"""The claim life cycle table and what reviews add up to."""

from __future__ import annotations

import pytest

from factcheck.domain.claims import ClaimStatus as S
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.workflow import SubmittedRating, TransitionError, check_transition, outcome


@pytest.mark.parametrize("current,target", [
    (S.NEW, S.IN_REVIEW), (S.IN_REVIEW, S.REVIEWED), (S.IN_REVIEW, S.DISPUTED),
    (S.REVIEWED, S.APPROVED), (S.DISPUTED, S.APPROVED), (S.APPROVED, S.PUBLISHED),
    (S.PUBLISHED, S.REVIEWED), (S.APPROVED, S.DISPUTED),
])
def test_allowed_transitions(current, target):
    check_transition(current, target)


@pytest.mark.parametrize("current,target", [
    (S.NEW, S.PUBLISHED), (S.NEW, S.APPROVED), (S.IN_REVIEW, S.PUBLISHED),
    (S.REVIEWED, S.PUBLISHED), (S.PUBLISHED, S.APPROVED), (S.NOT_A_CLAIM, S.PUBLISHED),
])
def test_refused_transitions(current, target):
    with pytest.raises(TransitionError):
        check_transition(current, target)


def test_outcome_waits_for_required_reviews():
    one = [SubmittedRating(T.TRUE, A.ACCURATE)]
    assert outcome(one, 2) is S.IN_REVIEW
    assert outcome(one, 1) is S.REVIEWED


def test_outcome_disputed_on_truth_or_attribution_disagreement():
    assert outcome([SubmittedRating(T.TRUE, A.ACCURATE),
                    SubmittedRating(T.TRUE, A.ACCURATE)], 2) is S.REVIEWED
    assert outcome([SubmittedRating(T.TRUE, A.ACCURATE),
                    SubmittedRating(T.FALSE, A.ACCURATE)], 2) is S.DISPUTED
    assert outcome([SubmittedRating(T.TRUE, A.ACCURATE),
                    SubmittedRating(T.TRUE, A.MISATTRIBUTED)], 2) is S.DISPUTED
