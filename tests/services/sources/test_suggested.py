"""Suggested sources: extraction's sources wait for a person; a person
confirms them by editing, chaining by hand or reviewing; unused suggestions
can be deleted; and what the registry learns never changes the chains that
``factcheck extract`` finds for the same text."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from factcheck.domain.extraction import extract
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.source import Source
from factcheck.services.claims import attributions
from factcheck.services.core.errors import Conflict, PermissionDenied
from factcheck.services.review import reviews
from factcheck.services.review.reviews import ReviewInput
from factcheck.services.sources import registry as sources
from tests.support.articles import acting, save_article

# Invented wire copy: a chain through a paper's anonymous sources.
HARBOUR = ("Harbour tolls to double\n\n"
           "Tolls at the Kessling harbour will double from March, Reuters reported, "
           "citing FT's sources.\n\n"
           "The harbour board met twice in January, according to FT's sources.")
FERRY = ("Ferry line sold\n\n"
         "The Brannock ferry line was sold to a Danish group for $40 million, "
         "Reuters reported, citing FT's sources.\n\n"
         "The sale closes in May, according to FT's sources.")


def _actions(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def _named(session, name: str) -> Source:
    found = sources.find_source(session, name)
    assert found is not None, name
    return found


def _stored_chains(article: Article) -> list[list[list[str]]]:
    return [[[hop.source.name for hop in attribution.hops] for attribution in claim.attributions]
            for claim in article.claims]


def _extracted_chains(text: str) -> list[list[list[str]]]:
    chains = []
    for found in extract(text).claims:
        found_chains = [found.attribution, *found.chains] if found.attribution else found.chains
        chains.append([[hop.name for hop in chain.chain] for chain in found_chains
                       if chain is not None and chain.chain])
    return chains


def test_extraction_makes_suggested_sources_that_extraction_does_not_learn(session, checker):
    actor = acting(session, checker)
    save_article(session, actor, HARBOUR)
    reuters = _named(session, "Reuters")
    assert reuters.suggested
    assert "Reuters" not in [name for name, _aliases in sources.registry_names(session)]


def test_the_same_text_has_the_same_chains_on_save_as_from_extract(session, checker, editor):
    actor = acting(session, checker)
    first = save_article(session, actor, HARBOUR).article
    # A reviewed chain confirms its sources, the anonymous "sources" too:
    # it still must not become a name extraction matches as one hop.
    claim = first.claims[0]
    reviews.save_review(session, actor, claim.id,
                        ReviewInput(TruthRating.TRUE, AttributionRating.ACCURATE, "Checked."),
                        submit=True, expected_version=None, required=2)
    session.commit()
    assert not _named(session, "sources").suggested
    second = session.get(Article, save_article(session, actor, FERRY).article.id)
    assert second is not None
    stored = _stored_chains(second)
    assert stored == _extracted_chains(FERRY)
    assert ["Reuters", "Financial Times", "sources"] in stored[0]


def test_submitting_a_review_confirms_the_chain_and_says_why(session, checker):
    actor = acting(session, checker)
    article = save_article(session, actor, HARBOUR).article
    claim = article.claims[0]
    draft = reviews.save_review(session, actor, claim.id,
                                ReviewInput(TruthRating.TRUE, AttributionRating.ACCURATE, ""),
                                submit=False, expected_version=None, required=2)
    assert _named(session, "Reuters").suggested  # a draft vouches for nothing
    reviews.save_review(session, actor, claim.id,
                        ReviewInput(TruthRating.TRUE, AttributionRating.ACCURATE, "Checked."),
                        submit=True, expected_version=draft.version, required=2)
    session.commit()
    reuters = _named(session, "Reuters")
    assert not reuters.suggested
    reasons = {after["name"]: (after["because"], event.actor_id) for event, after in
               ((event, json.loads(event.after or "{}")) for event in
                _actions(session, "source_confirmed"))}
    assert reasons["Reuters"] == ("in the chain of a reviewed claim", checker.id)


def test_a_hop_added_by_hand_and_an_edit_confirm(session, checker):
    actor = acting(session, checker)
    article = save_article(session, actor, HARBOUR).article
    stray = sources.get_or_create(session, actor, "Kessling Port Authority",
                                  SourceKind.ORGANIZATION, by_person=False)
    assert stray.suggested
    claim = article.claims[1]
    attributions.add_hop(session, actor, claim, expected_version=claim.version,
                         attribution_id=None, source_name="Kessling Port Authority",
                         kind=SourceKind.ORGANIZATION, cue="", hedges="", inherited=False)
    assert not stray.suggested
    reuters = _named(session, "Reuters")
    sources.update_source(session, actor, reuters, name="Reuters", kind=SourceKind.PUBLICATION,
                          url="", notes="Wire agency.", aliases=[],
                          expected_version=reuters.version)
    assert not reuters.suggested
    # Typed by a person from the start: never a suggestion.
    assert not sources.get_or_create(session, actor, "Harbour Board", SourceKind.ORGANIZATION
                                     ).suggested


def test_confirm_from_the_registry_is_audited_and_once(session, checker):
    actor = acting(session, checker)
    save_article(session, actor, HARBOUR)
    reuters = _named(session, "Reuters")
    sources.confirm_source(session, actor, reuters)
    session.commit()
    assert not reuters.suggested
    assert [event.entity_id for event in _actions(session, "source_confirmed")] == [
        str(reuters.id)]
    with pytest.raises(Conflict, match="already confirmed"):
        sources.confirm_source(session, actor, reuters)


def test_only_an_unused_suggestion_can_be_deleted(session, checker, admin):
    actor = acting(session, checker)
    save_article(session, actor, HARBOUR)
    used = _named(session, "Reuters")
    with pytest.raises(Conflict, match="used in 1 source chain"):
        sources.delete_suggested_source(session, actor, used)
    unused = sources.get_or_create(session, actor, "Brannock Gazette", SourceKind.PUBLICATION,
                                   by_person=False)
    with pytest.raises(PermissionDenied):
        sources.delete_suggested_source(session, acting(session, admin), unused)
    sources.delete_suggested_source(session, actor, unused)
    session.commit()
    assert sources.find_source(session, "Brannock Gazette") is None
    [deleted] = _actions(session, "source_deleted")
    assert json.loads(deleted.before or "{}")["name"] == "Brannock Gazette"
    confirmed = sources.get_or_create(session, actor, "Kessling Times", SourceKind.PUBLICATION)
    with pytest.raises(Conflict, match="is confirmed"):
        sources.delete_suggested_source(session, actor, confirmed)
