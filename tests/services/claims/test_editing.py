"""Editing claims: boundaries snap to words, split, merge, not-a-claim,
adding from a selection; stale versions conflict and write nothing; each
edit is one audit event."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.services.audit import trail as audit
from factcheck.services.claims import editing as claims
from factcheck.services.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.support.articles import PORT_REOPENS as PORT
from tests.support.articles import acting, save_article


@pytest.fixture
def setup(session, checker):
    actor = acting(session, checker)
    saved = save_article(session, actor, PORT)
    article = session.get(Article, saved.article.id)
    assert len(article.claims) == 4
    return actor, article


def _events(session) -> list[str]:
    return list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))


def _live(article: Article) -> list[Claim]:
    return [claim for claim in article.claims if claim.status is not ClaimStatus.NOT_A_CLAIM]


def _one_event(session, before: list[str]) -> str:
    after = _events(session)
    assert len(after) == len(before) + 1, after[len(before):]
    assert audit.verify(session).ok
    return after[-1]


def test_move_boundaries_snaps_to_whole_words(session, setup):
    actor, article = setup
    claim = article.claims[0]
    events = _events(session)
    sloppy_start = article.body.index("busiest") + 3  # "iest container ..."
    sloppy_end = article.body.index("Friday") + 2  # "... on Fr"
    claims.move_boundaries(session, actor, claim, sloppy_start, sloppy_end, claim.version)
    session.commit()
    assert claim.text == "busiest container port reopened on Friday"
    assert article.body[claim.start:claim.end] == claim.text
    assert claim.prefix.endswith("Britain's ") and claim.suffix.startswith(" after")
    assert claim.version == 2
    assert _one_event(session, events) == "claim_updated"


def test_boundaries_made_of_whitespace_only_are_refused(session, setup):
    actor, article = setup
    claim = article.claims[0]
    gap = claim.end + 1  # the blank line after the paragraph
    with pytest.raises(ValidationFailed):
        claims.move_boundaries(session, actor, claim, gap, gap + 1, claim.version)


def test_boundaries_may_overlap_another_claim_but_not_repeat_it(session, setup):
    actor, article = setup
    first, second = article.claims[:2]
    claims.move_boundaries(session, actor, first, first.start, second.start + 10,
                           first.version)
    session.commit()
    assert first.end > second.start  # overlapping claims are allowed
    events = _events(session)
    with pytest.raises(ValidationFailed, match="already covers exactly"):
        claims.move_boundaries(session, actor, first, second.start, second.end,
                               first.version)
    session.rollback()
    assert _events(session) == events


def test_stale_version_conflicts_and_writes_nothing(session, setup):
    actor, article = setup
    claim = article.claims[0]
    text, version = claim.text, claim.version
    events = _events(session)
    edits = [
        lambda: claims.move_boundaries(session, actor, claim, claim.start, claim.end - 6,
                                       version - 1),
        lambda: claims.split_claim(session, actor, claim, claim.start + 20, version + 1),
        lambda: claims.merge_with_next(session, actor, claim, 0),
        lambda: claims.update_details(session, actor, claim, kind=ClaimKind.OPINION,
                                      not_a_claim=True, expected_version=version + 5),
    ]
    for edit in edits:
        with pytest.raises(Conflict, match="Someone else changed this claim"):
            edit()
        session.rollback()
    session.expire_all()
    fresh = session.get(Claim, claim.id)
    assert (fresh.text, fresh.version, fresh.kind) == (text, version, ClaimKind.FACTUAL)
    assert session.scalar(sa.select(sa.func.count(Claim.id))) == 4
    assert _events(session) == events


def test_split_gives_two_halves_and_copies_the_chains(session, setup):
    actor, article = setup
    claim = article.claims[1]  # "...$3 million a day, the Unite union said, citing ..."
    chains = [[hop.source.name for hop in chain.hops] for chain in claim.attributions]
    assert chains == [["Unite union", "internal figures"]]
    events = _events(session)
    at = article.body.index("million a day")  # mid-word cuts move to a word start
    twin = claims.split_claim(session, actor, claim, at + 3, claim.version)
    session.commit()
    assert claim.text == "The stoppage cost the port about $3"
    assert twin.text.startswith("million a day, the Unite union said")
    for part in (claim, twin):
        assert article.body[part.start:part.end] == part.text
    assert claim.end <= twin.start
    assert [[hop.source.name for hop in chain.hops] for chain in twin.attributions] == chains
    assert [hop.id for hop in twin.attributions[0].hops] != [
        hop.id for hop in claim.attributions[0].hops]  # copies, not shared rows
    assert twin.status is ClaimStatus.NEW and twin.kind is claim.kind
    assert _one_event(session, events) == "claim_split"


@pytest.mark.parametrize("where", ["start", "end"])
def test_split_at_an_edge_is_refused(session, setup, where):
    actor, article = setup
    claim = article.claims[0]
    at = claim.start if where == "start" else claim.end
    with pytest.raises(ValidationFailed, match="split point"):
        claims.split_claim(session, actor, claim, at, claim.version)


def test_merge_with_next_joins_the_spans(session, setup):
    actor, article = setup
    first, second = article.claims[2:4]
    events = _events(session)
    claims.merge_with_next(session, actor, first, first.version)
    session.commit()
    assert first.text == ("More than 40 ships waited off the coast. Shipping lines said the "
                          "backlog would take a week to clear.")
    assert article.body[first.start:first.end] == first.text
    assert second.status is ClaimStatus.NOT_A_CLAIM and second.merged_into_id == first.id
    # One event on each claim, so both histories show the merge.
    merged = session.scalars(sa.select(AuditEvent).where(AuditEvent.seq > len(events))
                             .order_by(AuditEvent.seq)).all()
    assert [(e.action, e.entity_id) for e in merged] == [
        ("claim_merged", str(first.id)), ("claim_merged", str(second.id))]
    # The merged claim can still be edited: the dismissed one no longer counts.
    claims.move_boundaries(session, actor, first, first.start, first.end - 1, first.version)
    assert first.text.endswith("clear")


def test_merge_of_the_last_claim_is_refused(session, setup):
    actor, article = setup
    last = article.claims[-1]
    with pytest.raises(ValidationFailed, match="no following claim"):
        claims.merge_with_next(session, actor, last, last.version)


def test_not_a_claim_and_back(session, setup):
    actor, article = setup
    claim = article.claims[3]
    events = _events(session)
    claims.update_details(session, actor, claim, kind=ClaimKind.OPINION, not_a_claim=True,
                          expected_version=claim.version)
    session.commit()
    assert claim.status is ClaimStatus.NOT_A_CLAIM and claim.kind is ClaimKind.OPINION
    assert _one_event(session, events) == "claim_updated"
    claims.update_details(session, actor, claim, kind=ClaimKind.OPINION, not_a_claim=False,
                          expected_version=claim.version)
    assert claim.status is ClaimStatus.NEW
    events = _events(session)
    claims.update_details(session, actor, claim, kind=ClaimKind.OPINION, not_a_claim=False,
                          expected_version=claim.version)
    assert _events(session) == events  # nothing changed, nothing recorded


def test_add_claim_from_offsets_snaps_and_is_audited(session, setup):
    actor, article = setup
    first = article.claims[0]
    claims.update_details(session, actor, first, kind=first.kind, not_a_claim=True,
                          expected_version=first.version)
    session.commit()
    events = _events(session)
    start = article.body.index("five-day") + 2
    added = claims.add_claim(session, actor, article, start, start + 10, ClaimKind.FACTUAL)
    session.commit()
    assert added.text == "five-day strike"
    assert article.body[added.start:added.end] == added.text
    assert _one_event(session, events) == "claim_created"


def test_a_sub_claim_inside_a_live_claim_is_added_but_the_same_span_twice_is_not(
        session, setup):
    actor, article = setup
    first, second = article.claims[:2]
    inner_start = second.start + second.text.index(" ") + 1
    inner = claims.add_claim(session, actor, article, inner_start, inner_start + 4)
    assert second.start < inner.start and inner.end < second.end
    # A dismissed claim on the same text does not hide a live one.
    claims.update_details(session, actor, first, kind=first.kind, not_a_claim=True,
                          expected_version=first.version)
    with pytest.raises(ValidationFailed, match="already a claim"):
        claims.add_claim(session, actor, article, second.start, second.end)
    dismissed_again = claims.add_claim(session, actor, article, first.start, first.end)
    assert dismissed_again.text == first.text


def test_add_claim_needs_text_and_permission(session, setup, admin):
    actor, article = setup
    with pytest.raises(ValidationFailed, match="Select some text"):
        claims.add_claim(session, actor, article, 45, 45)
    with pytest.raises(PermissionDenied):
        claims.add_claim(session, acting(session, admin), article, 0, 10)
