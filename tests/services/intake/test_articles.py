"""Saving an article: claims anchored in the body, source chains matched
to the registry, duplicates found again, one audited transaction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.attribution import AttributionHop
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.source import Source
from factcheck.services.audit import trail as audit
from factcheck.services.core.errors import PermissionDenied, ValidationFailed
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft
from factcheck.services.sources import registry as sources
from tests.support.articles import acting, fixture_text, save_article

PORT_STORY = (
    "Dockers end strike at Felixstowe\n\n"
    "Harbour workers at Felixstowe walked out on Monday, the Financial Times reported.\n\n"
    "The stoppage cost the port about $3 million a day, the FT said."
)


def _count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def _chain_names(claim: Claim) -> list[list[str]]:
    return [[hop.source.name for hop in attribution.hops] for attribution in claim.attributions]


@pytest.mark.parametrize("name", ["relay_memo.txt", "council_vote.txt", "afp_flood.txt"])
def test_every_claim_is_anchored_in_the_body(session, checker, name):
    saved = save_article(session, acting(session, checker), fixture_text(name))
    assert saved.created
    article = session.get(Article, saved.article.id)
    assert article.claims, "a wire story yields claims"
    for claim in article.claims:
        assert article.body[claim.start:claim.end] == claim.text
        assert article.body[:claim.start].endswith(claim.prefix)
        assert article.body[claim.end:].startswith(claim.suffix)


def test_chains_are_stored_outermost_reporter_first(session, checker):
    saved = save_article(session, acting(session, checker), fixture_text("relay_memo.txt"))
    article = session.get(Article, saved.article.id)
    memo = next(claim for claim in article.claims if claim.text.startswith("North Korea sent"))
    assert _chain_names(memo) == [["Financial Times", "sources"]]
    ft, anonymous = (hop.source for hop in memo.attributions[0].hops)
    assert ft.kind is SourceKind.PUBLICATION and anonymous.kind is SourceKind.ANONYMOUS
    assert memo.attributions[0].hops[0].cue == "told"
    # Metadata came from the text when the draft gave none.
    assert article.outlet == "Reuters" and article.byline == "Jane Doe and Min-ji Park"
    assert article.published_on.isoformat() == "2025-10-31"


def test_ft_and_financial_times_are_one_source(session, checker):
    actor = acting(session, checker)
    save_article(session, actor, PORT_STORY)
    save_article(session, actor, "Shares fell 4% in early trading, the FT reported on Friday.")
    named = session.scalars(sa.select(Source).where(
        Source.name.in_(["FT", "Financial Times", "The FT"]))).all()
    assert [source.name for source in named] == ["Financial Times"]
    hops = session.scalars(sa.select(AttributionHop.source_id).distinct()).all()
    assert hops == [named[0].id]
    assert "FT" in {alias.alias for alias in named[0].aliases}


def test_a_source_first_named_by_its_short_form_is_still_one_source(session, checker):
    actor = acting(session, checker)
    sources.get_or_create(session, actor, "FT", SourceKind.PUBLICATION)
    save_article(session, actor, PORT_STORY)
    ft = session.scalars(sa.select(Source).where(
        Source.name_key.in_(["ft", "financial times"]))).all()
    assert len(ft) == 1
    assert sources.find_source(session, "the Financial Times").id == ft[0].id


def test_registry_alias_added_by_a_user_is_honoured(session, checker):
    actor = acting(session, checker)
    authority = sources.get_or_create(session, actor, "Millbrook Transit Authority",
                                      SourceKind.ORGANIZATION)
    sources.update_source(session, actor, authority, name=authority.name,
                          kind=SourceKind.ORGANIZATION, url="", notes="",
                          aliases=["MTA"], expected_version=authority.version)
    session.commit()
    saved = save_article(session, actor,
                         "The levy will raise $14 million a year, the MTA said on Tuesday.")
    claim = session.get(Article, saved.article.id).claims[0]
    assert _chain_names(claim) == [["Millbrook Transit Authority"]]
    assert _count(session, Source) == 1


def test_same_text_twice_returns_the_first_and_creates_nothing(session, checker):
    actor = acting(session, checker)
    first = save_article(session, actor, PORT_STORY)
    counts = [_count(session, model) for model in (Article, Claim, Source, AuditEvent)]
    again = save_article(session, actor, PORT_STORY.replace("\n", "\r\n"))
    assert not again.created and again.article.id == first.article.id
    assert [_count(session, model) for model in (Article, Claim, Source, AuditEvent)] == counts


def test_same_url_twice_returns_the_first_even_if_text_changed(session, checker):
    actor = acting(session, checker)
    url = "https://news.example/port-strike"
    first = save_article(session, actor, PORT_STORY, url=url)
    again = save_article(session, actor, PORT_STORY + "\n\nUpdated at 14:00.", url=url)
    assert not again.created and again.article.id == first.article.id
    assert _count(session, Article) == 1


def test_article_claims_and_sources_are_audited_in_one_transaction(session, checker):
    actor = acting(session, checker)
    events_before = _count(session, AuditEvent)  # the checker's own creation
    saved = articles.create_article(session, actor, Draft(text=fixture_text("relay_memo.txt")))
    claim_count = len(saved.article.claims)
    audit.append_pending(session)  # what the commit would do, without committing
    actions = session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions.count("article_created") == 1
    assert actions.count("claim_created") == claim_count
    assert actions.count("source_created") == _count(session, Source)
    assert audit.verify(session).ok
    # Nothing was committed on the way: rolling back leaves no trace at all.
    session.rollback()
    for model in (Article, Claim, Source):
        assert _count(session, model) == 0
    assert _count(session, AuditEvent) == events_before


def test_failure_half_way_leaves_no_half_article(session, checker, monkeypatch):
    actor = acting(session, checker)
    events_before = _count(session, AuditEvent)
    real = sources.get_or_create
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValidationFailed("registry unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(sources, "get_or_create", flaky)
    with pytest.raises(ValidationFailed):
        articles.create_article(session, actor, Draft(text=fixture_text("relay_memo.txt")))
    session.rollback()
    assert _count(session, Article) == _count(session, Claim) == _count(session, Source) == 0
    assert _count(session, AuditEvent) == events_before


def test_empty_text_is_refused_and_admin_cannot_add(session, checker, admin):
    with pytest.raises(ValidationFailed, match="empty"):
        articles.create_article(session, acting(session, checker), Draft(text=" \n\t "))
    with pytest.raises(PermissionDenied):
        articles.create_article(session, acting(session, admin), Draft(text=PORT_STORY))
    assert _count(session, Article) == 0


def test_list_counts_claims_and_filters(session, checker):
    actor = acting(session, checker)
    save_article(session, actor, PORT_STORY, outlet="Harbour Gazette")
    save_article(session, actor, fixture_text("afp_flood.txt"))
    page = articles.list_articles(session, actor, search="gazette")
    assert not page.has_next and [row.article.outlet for row in page.items] == ["Harbour Gazette"]
    assert page.items[0].claim_count == 2 and page.items[0].progress == 0
    assert articles.list_articles(session, actor, search="100%_").items == []
