"""The source registry: merging duplicates, alias and name clashes, and
the counts on the list (claims, share false or misleading, share anonymous)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from factcheck.domain.ratings import TruthRating
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.attribution import AttributionHop
from factcheck.models.audit import AuditEvent
from factcheck.models.source import Source, SourceAlias
from factcheck.models.verdict import Verdict
from factcheck.services.audit import trail as audit
from factcheck.services.claims import attributions
from factcheck.services.core.errors import Conflict, PermissionDenied, ValidationFailed
from factcheck.services.sources import registry as sources
from factcheck.services.sources import stats as source_stats
from tests.support.articles import acting, save_article

MEMO = ("Ministry denies memo report\n\n"
        "The ministry sent a memo to Washington in October, sources told the FT.\n\n"
        "The memo demanded an end to the joint drills, the FT reported.\n\n"
        "Exports fell 4% in September, the FT said.\n\n"
        "The talks will resume in the spring, Yonhap said.")


@pytest.fixture
def registry(session, checker):
    actor = acting(session, checker)
    saved = save_article(session, actor, MEMO)
    return actor, session.get(Article, saved.article.id)


def _source(session, name: str) -> Source:
    found = sources.find_source(session, name)
    assert found is not None, name
    return found


def _verdict(session, claim, rating: TruthRating, approver_id: int) -> None:
    session.add(Verdict(claim_id=claim.id, rating=rating, public_rationale="checked",
                        approved_by_id=approver_id))
    session.flush()


def test_list_counts_claims_false_share_and_anonymous_share(session, registry, editor):
    actor, article = registry
    _memo, drills, exports, talks = article.claims
    _verdict(session, drills, TruthRating.FALSE, editor.id)
    _verdict(session, exports, TruthRating.MISLEADING, editor.id)
    _verdict(session, exports, TruthRating.MOSTLY_TRUE, editor.id)  # the newest one counts
    _verdict(session, talks, TruthRating.MISLEADING, editor.id)
    session.commit()
    page = source_stats.source_rows(session, actor,
                                    source_stats.registry_figures(session, actor))
    rows = page.items
    by_name = {row.source.name: row for row in rows}
    assert not page.has_next
    ft = by_name["Financial Times"]
    assert (ft.claims, ft.false_or_misleading, ft.with_anonymous) == (3, 1, 1)
    assert (ft.share(ft.false_or_misleading), ft.share(ft.with_anonymous)) == (33, 33)
    anonymous = by_name["sources"]
    assert (anonymous.claims, anonymous.share(anonymous.with_anonymous)) == (1, 100)
    assert by_name["Yonhap"].share(by_name["Yonhap"].false_or_misleading) == 100
    assert rows[0].source.name == "Financial Times"  # most claims first


def test_list_filters_by_name_and_kind(session, registry):
    actor, _ = registry
    figures = source_stats.registry_figures(session, actor)
    page = source_stats.source_rows(session, actor, figures, kind=SourceKind.ANONYMOUS)
    assert [row.source.name for row in page.items] == ["sources"]
    page = source_stats.source_rows(session, actor, figures, search="yon")
    assert [row.source.name for row in page.items] == ["Yonhap"]


def test_pages_of_the_registry_follow_on_without_gaps_or_repeats(session, registry):
    actor, _ = registry
    figures = source_stats.registry_figures(session, actor)
    whole = source_stats.source_rows(session, actor, figures)
    everything = whole.items
    assert not whole.has_next and len(everything) >= 3
    paged, number, has_next = [], 1, True
    while has_next:
        page = source_stats.source_rows(session, actor, figures, page=number, per_page=2)
        assert page.number == number
        paged.extend(page.items)
        has_next = page.has_next
        number += 1
    assert [row.source.id for row in paged] == [row.source.id for row in everything]
    assert [row.claims for row in everything] == sorted((row.claims for row in everything),
                                                        reverse=True)


def test_merge_carries_names_repoints_hops_and_is_audited(session, registry, editor):
    actor, article = registry
    talks = article.claims[3]
    attributions.add_hop(session, actor, talks, expected_version=talks.version,
                         attribution_id=None, source_name="Yonhap newswire",
                         kind=SourceKind.PUBLICATION, cue="", hedges="", inherited=False)
    duplicate = _source(session, "Yonhap newswire")
    sources.update_source(session, actor, duplicate, name=duplicate.name,
                          kind=duplicate.kind, url="https://en.yna.co.kr", notes="Seoul wire",
                          aliases=["YNA"], expected_version=duplicate.version)
    session.commit()
    keep, duplicate_id = _source(session, "Yonhap"), duplicate.id
    events = session.scalar(sa.select(sa.func.count(AuditEvent.seq)))
    sources.merge_sources(session, acting(session, editor), keep, duplicate)
    session.commit()
    assert session.get(Source, duplicate_id) is None
    assert {alias.alias for alias in keep.aliases} >= {"Yonhap newswire", "YNA"}
    assert keep.url == "https://en.yna.co.kr" and "Seoul wire" in keep.notes
    assert session.scalar(sa.select(sa.func.count(AttributionHop.id))
                          .where(AttributionHop.source_id == duplicate_id)) == 0
    assert sources.find_source(session, "yna").id == keep.id
    last = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert session.scalar(sa.select(sa.func.count(AuditEvent.seq))) == events + 1
    assert last.action == "source_merged" and '"hops_repointed":1' in last.after
    assert audit.verify(session).ok


def test_merge_with_itself_is_refused_and_checkers_cannot_merge(session, registry, editor):
    checker_actor, _ = registry
    ft, yonhap = _source(session, "FT"), _source(session, "Yonhap")
    with pytest.raises(ValidationFailed, match="two different"):
        sources.merge_sources(session, acting(session, editor), ft, ft)
    with pytest.raises(PermissionDenied):
        sources.merge_sources(session, checker_actor, ft, yonhap)


def test_alias_owned_by_another_source_is_refused(session, registry):
    actor, _ = registry
    yonhap = _source(session, "Yonhap")
    kept = [alias.alias for alias in yonhap.aliases]
    with pytest.raises(Conflict, match="already belongs to Financial Times"):
        sources.update_source(session, actor, yonhap, name="Yonhap", kind=yonhap.kind, url="",
                              notes="", aliases=[*kept, "FT"], expected_version=yonhap.version)
    session.rollback()
    assert [alias.alias for alias in _source(session, "Yonhap").aliases] == kept


@pytest.mark.parametrize("new_name", ["Financial Times", "the FT"])
def test_rename_onto_another_source_is_refused(session, registry, new_name):
    actor, _ = registry
    yonhap = _source(session, "Yonhap")
    with pytest.raises(Conflict, match="merge them instead"):
        sources.update_source(session, actor, yonhap, name=new_name, kind=yonhap.kind, url="",
                              notes="", aliases=[], expected_version=yonhap.version)


def test_edit_with_a_stale_version_is_refused(session, registry):
    actor, _ = registry
    yonhap = _source(session, "Yonhap")
    with pytest.raises(Conflict, match="Someone else changed this source"):
        sources.update_source(session, actor, yonhap, name="Yonhap", kind=yonhap.kind, url="",
                              notes="", aliases=[], expected_version=yonhap.version + 1)


def test_edit_sets_kind_aliases_url_and_notes(session, registry):
    actor, _ = registry
    yonhap = _source(session, "Yonhap")
    sources.update_source(session, actor, yonhap, name="Yonhap News", kind=SourceKind.ORGANIZATION,
                          url=" https://en.yna.co.kr ", notes=" state-funded ",
                          aliases=["Yonhap", "YNA", " yna ", ""], expected_version=yonhap.version)
    session.commit()
    assert yonhap.name == "Yonhap News" and yonhap.url == "https://en.yna.co.kr"
    assert yonhap.notes == "state-funded"
    # The old name is kept as an alias; a blank and a repeat are dropped;
    # aliases left off the list (the built-in ones) are removed.
    assert sorted(alias.alias for alias in yonhap.aliases) == ["YNA", "Yonhap"]
    assert sources.find_source(session, "yonhap").id == yonhap.id
    assert session.scalar(sa.select(sa.func.count(SourceAlias.id))
                          .where(SourceAlias.source_id == yonhap.id)) == 2


def test_viewers_without_permission_cannot_edit(session, registry, admin):
    _, _ = registry
    yonhap = _source(session, "Yonhap")
    with pytest.raises(PermissionDenied):
        sources.update_source(session, acting(session, admin), yonhap, name="Y",
                              kind=yonhap.kind, url="", notes="", aliases=[],
                              expected_version=yonhap.version)
