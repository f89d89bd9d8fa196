"""Published means frozen, and public text is chosen: verdict snapshots,
the claimant, public correction notes and a Markdown report that nothing
stored can inject into."""

from __future__ import annotations

import json
import re

import pytest

from factcheck.domain.claimreview import Publisher
from factcheck.domain.ratings import AttributionRating as A
from factcheck.domain.ratings import EvidenceStance
from factcheck.domain.ratings import TruthRating as T
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.verdict import SnapshotChanged, Verdict
from factcheck.services.exports import formats as exports
from factcheck.services.exports import reports
from factcheck.services.exports.formats import ExportFormat, ExportSettings
from factcheck.services.exports.query import ExportFilters
from factcheck.services.review import reviews, verdicts
from factcheck.services.review.reviews import EvidenceInput, ReviewInput
from factcheck.services.sources import registry as sources
from tests.support.verdicts import add_chain, make_article
from tests.support.workflow import acting, reviewing_people

SETTINGS = ExportSettings(Publisher("Harbour Fact Desk", "https://desk.example"))
TROLL = "Anonymous troll account"


@pytest.fixture
def people(make_user):
    return reviewing_people(make_user)


def _decided(session, people, *, attribution=A.ACCURATE, claimant=None, publish=True,
             evidence_url="https://stats.example/cargo", article_url=None):
    article, (claim,) = make_article(session, people["editor"].id,
                                     ["Cargo volumes fell by half last year"],
                                     outlet="Harbour Post", url=article_url)
    add_chain(session, claim, [("Harbour Post", SourceKind.PUBLICATION),
                               (TROLL, SourceKind.SOCIAL_MEDIA)])
    for person in ("one", "two"):
        reviews.save_review(session, acting(session, people[person]), claim.id, ReviewInput(
            T.FALSE, attribution, "Internal reasoning of a reviewer.",
            [EvidenceInput(url=evidence_url, title="Port statistics", note="reviewer-only note",
                           stance=EvidenceStance.REFUTES)]),
            submit=True, expected_version=None, required=2)
        session.commit()
    editor = acting(session, people["editor"])
    verdicts.decide(session, editor, claim.id, rating=T.FALSE, public_rationale="Records differ.",
                    expected_version=claim.version, claimant=claimant)
    session.commit()
    if publish:
        verdicts.publish(session, editor, claim.id, correction_note="",
                         expected_version=claim.version)
        session.commit()
    return article, claim


def _claimreview(session, people):
    job = exports.start_export(session, acting(session, people["editor"]),
                               ExportFormat.CLAIMREVIEW, ExportFilters(), SETTINGS,
                               end_read=session.rollback)
    session.commit()
    return json.loads("".join(job.chunks))["@graph"]


def test_claimreview_names_the_outlet_when_the_attribution_was_misattributed(session, people):
    """Finding: ClaimReview named the cited source as the claim's author
    even when reviewers rated the attribution Misattributed."""
    _decided(session, people, attribution=A.MISATTRIBUTED)
    (document,) = _claimreview(session, people)
    assert document["itemReviewed"]["author"] == {"@type": "Organization",
                                                  "name": "Harbour Post"}


def test_claimreview_names_the_innermost_source_when_accurate_or_whom_the_editor_chose(
        session, people):
    _decided(session, people, attribution=A.ACCURATE)
    (document,) = _claimreview(session, people)
    assert document["itemReviewed"]["author"]["name"] == TROLL


def test_the_editor_picks_the_claimant_from_the_claims_sources(session, people):
    _decided(session, people, attribution=A.ACCURATE, claimant="Harbour Post")
    (document,) = _claimreview(session, people)
    assert document["itemReviewed"]["author"]["name"] == "Harbour Post"


def test_a_source_renamed_after_publication_leaves_published_outputs_alone(session, people):
    """Finding: renaming the source of a published claim changed the public
    ClaimReview with it."""
    article, _ = _decided(session, people, attribution=A.ACCURATE)
    troll = sources.find_source(session, TROLL)
    sources.update_source(session, acting(session, people["editor"]), troll,
                          name="Renamed afterwards", kind=SourceKind.PERSON, url="", notes="",
                          aliases=[], expected_version=troll.version)
    session.commit()
    (document,) = _claimreview(session, people)
    assert document["itemReviewed"]["author"]["name"] == TROLL
    job = exports.start_export(session, acting(session, people["editor"]), ExportFormat.JSONL,
                               ExportFilters(), SETTINGS, end_read=session.rollback)
    session.commit()
    (row,) = [json.loads(line) for line in "".join(job.chunks).splitlines()]
    assert row["attribution"] == [["Harbour Post", TROLL]]
    assert (row["original_source"], row["claimant"]) == (TROLL, TROLL)
    report = reports.article_report(session, acting(session, people["editor"]), article.id)
    text = reports.report_markdown(report)
    assert f"Rests on: Harbour Post › {TROLL}" in text and "Renamed afterwards" not in text


def test_public_report_carries_the_public_note_never_the_internal_reopen_reason(
        session, people):
    """Finding: the public report listed an editor's internal reopen reason
    ("Reader email: ...") as a correction."""
    article, claim = _decided(session, people)
    verdicts.reopen(session, acting(session, people["editor"]), claim.id,
                    reason="Reader email: jane@example.org says the desk got it wrong",
                    public_note="Withdrawn while we check new port figures.",
                    expected_version=claim.version, required=2)
    session.commit()
    report = reports.article_report(session, acting(session, people["editor"]), article.id)
    text = reports.report_markdown(report)
    assert "Withdrawn while we check new port figures\\." not in text  # dots are not escaped
    assert "Withdrawn while we check new port figures." in text
    assert "Reader email" not in text and "jane@example.org" not in text
    # Nor do reviewers' rationales or evidence notes reach it.
    assert "Internal reasoning" not in text and "reviewer-only note" not in text


def test_markdown_report_cannot_be_injected_through_a_stored_url(session, people):
    """Finding: a stored URL injected a heading, raw HTML and a javascript:
    link into the Markdown report."""
    evil = ("https://news.example/a>\n# Injected heading\n<img src=x onerror=alert(1)>"
            "[click](javascript:alert(1))")
    article, claim = _decided(session, people)
    stored = session.get(Article, article.id)
    stored.url = evil
    for review in claim.reviews:  # written straight to the table, past the form's checks
        review.evidence[0].url = "javascript:alert(document.cookie)"
        review.evidence[0].title = "Port [statistics](javascript:alert(2))"
    stored.title = "Title\n## Also injected <script>alert(1)</script>"
    session.commit()
    report = reports.article_report(session, acting(session, people["editor"]), article.id)
    text = reports.report_markdown(report)
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("#")] == [
        line for line in lines if line.startswith(("# Verdict report", "## ", "### "))]
    assert not any(line.startswith(("# Injected", "## Also")) for line in lines)
    # Raw HTML and links only ever appear escaped (a backslash before them).
    assert not re.search(r"(?<!\\)<(img|script|/script|javascript)", text)
    assert not re.search(r"(?<!\\)\]\(javascript:", text)
    assert not any(ord(ch) < 32 and ch != "\n" for ch in text)


def test_an_approved_verdicts_snapshot_cannot_be_rewritten(session, people):
    _, claim = _decided(session, people)
    verdict = claim.verdicts[-1]
    assert (verdict.claim_text, verdict.claimant) == ("Cargo volumes fell by half last year",
                                                      TROLL)
    verdict.claimant = "Someone else"
    with pytest.raises(SnapshotChanged):
        session.flush()
    session.rollback()
    verdict = session.get(Verdict, verdict.id)
    verdict.correction_note = "Publishing details may change."  # not part of the snapshot
    session.flush()
