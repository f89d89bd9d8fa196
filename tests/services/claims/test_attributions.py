"""Editing a claim's chains: hops added, updated, removed and reordered,
new chains; every edit bumps the claim's version and is one audit event."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.audit import AuditEvent
from factcheck.models.source import Source
from factcheck.services.audit import trail as audit
from factcheck.services.claims import attributions
from factcheck.services.core.errors import Conflict, NotFound, ValidationFailed
from factcheck.services.sources import registry as sources
from tests.support.articles import acting, fixture_text, save_article


@pytest.fixture
def memo(session, checker):
    """The FT memo claim: Financial Times › sources."""
    actor = acting(session, checker)
    saved = save_article(session, actor, fixture_text("relay_memo.txt"))
    article = session.get(Article, saved.article.id)
    claim = next(c for c in article.claims if c.text.startswith("North Korea sent"))
    sources.get_or_create(session, actor, "Yonhap", SourceKind.PUBLICATION)
    session.commit()
    return actor, claim


def _names(claim) -> list[list[str]]:
    return [[hop.source.name for hop in chain.hops] for chain in claim.attributions]


def _events(session) -> list[str]:
    return list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))


def _reload(session, claim):
    session.commit()
    session.expire_all()
    return claim


def _hop_positions(session) -> list[tuple[int, int]]:
    rows = session.execute(sa.select(AttributionHop.attribution_id, AttributionHop.position))
    return [(chain, position) for chain, position in rows]


def test_add_hop_to_the_end_of_a_chain(session, memo):
    actor, claim = memo
    events, version = _events(session), claim.version
    attributions.add_hop(session, actor, claim, expected_version=version,
                         attribution_id=claim.attributions[0].id, source_name="Yonhap",
                         kind=SourceKind.PUBLICATION, cue="citing", hedges="reportedly; allegedly",
                         inherited=True)
    _reload(session, claim)
    assert _names(claim) == [["Financial Times", "sources", "Yonhap"]]
    hop = claim.attributions[0].hops[-1]
    assert (hop.cue, hop.hedge_list, hop.inherited) == ("citing", ["reportedly", "allegedly"],
                                                        True)
    assert [hop.position for hop in claim.attributions[0].hops] == [0, 1, 2]
    assert claim.version == version + 1
    assert _events(session) == [*events, "attribution_created"]
    assert audit.verify(session).ok


def test_new_chain_with_an_unknown_source_creates_it(session, memo):
    actor, claim = memo
    attributions.add_hop(session, actor, claim, expected_version=claim.version,
                         attribution_id=None, source_name="  Seoul  Herald ",
                         kind=SourceKind.PUBLICATION, cue="", hedges="", inherited=False)
    _reload(session, claim)
    assert _names(claim) == [["Financial Times", "sources"], ["Seoul Herald"]]
    assert [chain.position for chain in claim.attributions] == [0, 1]
    assert session.scalar(sa.select(Source.kind).where(Source.name == "Seoul Herald")) \
        is SourceKind.PUBLICATION


def test_add_hop_by_alias_uses_the_registered_source(session, memo):
    actor, claim = memo
    count = session.scalar(sa.select(sa.func.count(Source.id)))
    attributions.add_hop(session, actor, claim, expected_version=claim.version,
                         attribution_id=None, source_name="the FT",
                         kind=SourceKind.UNKNOWN, cue="", hedges="", inherited=False)
    _reload(session, claim)
    assert _names(claim)[1] == ["Financial Times"]
    assert session.scalar(sa.select(sa.func.count(Source.id))) == count


def test_update_hop_changes_source_cue_hedges_and_flag(session, memo):
    actor, claim = memo
    hop = claim.attributions[0].hops[1]
    events = _events(session)
    attributions.update_hop(session, actor, claim, hop.id, expected_version=claim.version,
                            source_name="Yonhap", kind=None, cue="told",
                            hedges="reportedly", inherited=True)
    _reload(session, claim)
    assert _names(claim) == [["Financial Times", "Yonhap"]]
    assert (hop.cue, hop.hedges, hop.inherited) == ("told", "reportedly", True)
    assert _events(session) == [*events, "attribution_updated"]


def test_remove_hops_and_the_emptied_chain_goes(session, memo):
    actor, claim = memo
    first, second = claim.attributions[0].hops
    attributions.remove_hop(session, actor, claim, first.id, expected_version=claim.version)
    _reload(session, claim)
    assert _names(claim) == [["sources"]] and claim.attributions[0].hops[0].position == 0
    attributions.remove_hop(session, actor, claim, second.id, expected_version=claim.version)
    _reload(session, claim)
    assert claim.attributions == []
    assert session.scalar(sa.select(sa.func.count(Attribution.id))
                          .where(Attribution.claim_id == claim.id)) == 0


def test_move_hop_reorders_and_keeps_positions_unique(session, memo):
    actor, claim = memo
    anonymous = claim.attributions[0].hops[1]
    events = _events(session)
    attributions.move_hop(session, actor, claim, anonymous.id, offset=-1,
                          expected_version=claim.version)
    _reload(session, claim)
    assert _names(claim) == [["sources", "Financial Times"]]
    assert len(set(_hop_positions(session))) == len(_hop_positions(session))
    assert _events(session) == [*events, "attribution_updated"]
    with pytest.raises(ValidationFailed, match="already at the end"):
        attributions.move_hop(session, actor, claim, anonymous.id, offset=-1,
                              expected_version=claim.version)


def test_stale_version_conflicts_and_nothing_is_written(session, memo):
    actor, claim = memo
    hop = claim.attributions[0].hops[0]
    stale = claim.version - 1
    events = _events(session)
    for edit in (
        lambda: attributions.add_hop(session, actor, claim, expected_version=stale,
                                     attribution_id=None, source_name="Yonhap",
                                     kind=SourceKind.UNKNOWN, cue="", hedges="",
                                     inherited=False),
        lambda: attributions.update_hop(session, actor, claim, hop.id, expected_version=stale,
                                        source_name="Yonhap", kind=None, cue="", hedges="",
                                        inherited=False),
        lambda: attributions.remove_hop(session, actor, claim, hop.id, expected_version=stale),
        lambda: attributions.move_hop(session, actor, claim, hop.id, offset=1,
                                      expected_version=stale),
    ):
        with pytest.raises(Conflict):
            edit()
        session.rollback()
    session.expire_all()
    assert _names(claim) == [["Financial Times", "sources"]]
    assert _events(session) == events


def test_a_hop_of_another_claim_is_not_found(session, memo):
    actor, claim = memo
    other = next(c for c in claim.article.claims
                 if c.id != claim.id and c.attributions)
    foreign = other.attributions[0].hops[0]
    with pytest.raises(NotFound):
        attributions.remove_hop(session, actor, claim, foreign.id,
                                expected_version=claim.version)
    with pytest.raises(NotFound):
        attributions.add_hop(session, actor, claim, expected_version=claim.version,
                             attribution_id=other.attributions[0].id, source_name="Yonhap",
                             kind=SourceKind.UNKNOWN, cue="", hedges="", inherited=False)


def test_a_blank_source_name_is_refused(session, memo):
    actor, claim = memo
    with pytest.raises(ValidationFailed, match="Name the source"):
        attributions.add_hop(session, actor, claim, expected_version=claim.version,
                             attribution_id=None, source_name="   ",
                             kind=SourceKind.UNKNOWN, cue="", hedges="", inherited=False)
