"""Published means frozen: a claim with an approved or published verdict
cannot be edited until an editor reopens it; not-a-claim and merges go
through the workflow."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.sources import SourceKind
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.services.claims import attributions
from factcheck.services.claims import editing as claims
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.review import reviews, verdicts
from factcheck.services.review.reviews import ReviewInput
from factcheck.services.sources import stats as source_stats
from tests.support.workflow import acting, reviewing_people, story_claims


@pytest.fixture
def people(make_user):
    return reviewing_people(make_user)


def _review(session, people, claim, *who, truth=T.TRUE):
    for person in who:
        reviews.save_review(session, acting(session, people[person]), claim.id,
                            ReviewInput(truth, A.ACCURATE, "Checked."), submit=True,
                            expected_version=None, required=2)
        session.commit()


def _published(session, people):
    claim = story_claims(session, people["editor"])[1]
    _review(session, people, claim, "one", "two")
    editor = acting(session, people["editor"])
    verdicts.decide(session, editor, claim.id, rating=T.TRUE, public_rationale="Confirmed.",
                    expected_version=claim.version)
    verdicts.publish(session, editor, claim.id, correction_note="",
                     expected_version=claim.version)
    session.commit()
    assert claim.status is ClaimStatus.PUBLISHED
    return claim


EDITS = {
    "boundaries": lambda s, a, c: claims.move_boundaries(s, a, c, c.start, c.end - 3, c.version),
    "split": lambda s, a, c: claims.split_claim(s, a, c, c.start + len(c.text) // 2, c.version),
    "merge": lambda s, a, c: claims.merge_with_next(s, a, c, c.version),
    "kind": lambda s, a, c: claims.update_details(s, a, c, kind=ClaimKind.OPINION,
                                                  not_a_claim=False, expected_version=c.version),
    "not a claim": lambda s, a, c: claims.update_details(s, a, c, kind=c.kind, not_a_claim=True,
                                                         expected_version=c.version),
    "add source": lambda s, a, c: attributions.add_hop(
        s, a, c, expected_version=c.version, attribution_id=None,
        source_name="Anonymous troll account", kind=SourceKind.SOCIAL_MEDIA, cue="",
        hedges="", inherited=False),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_published_claim_refuses_every_edit_until_an_editor_reopens_it(session, people,
                                                                          edit):
    """Finding: a checker could move the boundaries of, split, merge, mark
    "not a claim" or re-source a claim whose verdict is published, and it
    stayed published."""
    claim = _published(session, people)
    text, version = claim.text, claim.version
    with pytest.raises(ValidationFailed, match="reopen it first"):
        EDITS[edit](session, acting(session, people["one"]), claim)
    session.rollback()
    fresh = session.get(Claim, claim.id)
    assert (fresh.text, fresh.version, fresh.status) == (text, version, ClaimStatus.PUBLISHED)
    verdicts.reopen(session, acting(session, people["editor"]), claim.id,
                    reason="Boundaries were wrong.", public_note="Under review again.",
                    expected_version=fresh.version, required=2)
    session.commit()
    if edit == "not a claim":  # a reviewed claim is past dismissing, reopened or not
        return
    EDITS[edit](session, acting(session, people["one"]), fresh)  # allowed once reopened


def test_chain_edits_of_an_approved_claim_are_refused(session, people):
    claim = _published(session, people)
    hop = claim.attributions[0].hops[0] if claim.attributions else None
    if hop is None:
        pytest.skip("the story's claim has no chain")
    with pytest.raises(ValidationFailed, match="reopen it first"):
        attributions.remove_hop(session, acting(session, people["one"]), claim, hop.id,
                                expected_version=claim.version)


def test_toggling_not_a_claim_never_resets_a_reviewed_claim_to_new(session, people):
    """Finding: toggling "not a claim" off and on reset a reviewed claim to
    New, skipping the workflow."""
    reviewed, started = story_claims(session, people["editor"])[1:3]
    _review(session, people, reviewed, "one", "two")
    checker = acting(session, people["three"])
    with pytest.raises(ValidationFailed, match="cannot become not a claim"):
        claims.update_details(session, checker, reviewed, kind=reviewed.kind, not_a_claim=True,
                              expected_version=reviewed.version)
    session.rollback()
    assert session.get(Claim, reviewed.id).status is ClaimStatus.REVIEWED
    _review(session, people, started, "one")
    claims.update_details(session, checker, started, kind=started.kind, not_a_claim=True,
                          expected_version=started.version)
    claims.update_details(session, checker, started, kind=started.kind, not_a_claim=False,
                          expected_version=started.version)
    session.commit()
    assert started.status is ClaimStatus.IN_REVIEW  # where it was, not New


def test_a_merged_claim_reads_merged_into_and_leaves_its_sources_counts(session, people):
    """Finding: a claim absorbed by a merge was listed as "not a claim",
    still counted on its source's page, and its history had no merge."""
    first, second = story_claims(session, people["editor"])[:2]
    checker = acting(session, people["one"])
    attributions.add_hop(session, checker, second, expected_version=second.version,
                         attribution_id=None, source_name="Harbour Master",
                         kind=SourceKind.PERSON, cue="", hedges="", inherited=False)
    session.commit()
    source_id = second.attributions[-1].hops[-1].source_id
    assert second.id in [c.id for c in source_stats.claims_of_source(session, checker,
                                                                        source_id)]
    claims.merge_with_next(session, checker, first, first.version)
    session.commit()
    assert second.merged_into_id == first.id
    assert second.id not in [c.id for c in source_stats.claims_of_source(session, checker,
                                                                            source_id)]
    figures = source_stats.registry_figures(session, checker)
    assert figures.of(source_id).claims == 0
    history = session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity_type == "claim", AuditEvent.entity_id == str(second.id))).all()
    assert "claim_merged" in history
    with pytest.raises(ValidationFailed, match=f"merged into claim #{first.id}"):
        claims.update_details(session, checker, second, kind=second.kind, not_a_claim=False,
                              expected_version=second.version)
