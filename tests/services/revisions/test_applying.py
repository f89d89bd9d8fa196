"""Applying a new text: every revision kept, claims follow their words,
changed chains proposed not applied, new sentences become claims, stale
verdicts flagged, bad input refused with nothing written."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from factcheck.domain.anchoring import Outcome
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.revisions import RevisionOrigin
from factcheck.models.article import Article
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.revision import ArticleRevision, ClaimReanchor
from factcheck.services.core.errors import PermissionDenied, ValidationFailed
from factcheck.services.revisions import applying, history
from tests.support.articles import PORT_REOPENS, acting, save_article
from tests.support.verdicts import publish

COST = "The stoppage cost the port about $3 million a day"
SHIPS = "More than 40 ships waited off the coast."


def _story(session, user):
    actor = acting(session, user)
    article = save_article(session, actor, PORT_REOPENS).article
    return actor, article


def _claim(article: Article, phrase: str) -> Claim:
    return next(claim for claim in article.claims if phrase in claim.text)


def _events(session, action: AuditAction) -> list[AuditEvent]:
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_a_new_text_is_a_new_revision_and_the_old_one_is_kept(session, checker):
    actor, article = _story(session, checker)
    new_text = PORT_REOPENS.replace("Port reopens after strike\n\n",
                                    "Port reopens after strike\n\nUpdated at noon.\n\n")
    applied = applying.apply_revision(session, actor, article.id, new_text,
                                      RevisionOrigin.PASTE)
    session.commit()
    revisions = history.history(session, actor, article.id).revisions
    assert [(r.number, r.origin) for r in revisions] == [
        (1, RevisionOrigin.ORIGINAL), (2, RevisionOrigin.PASTE)]
    assert revisions[0].body == PORT_REOPENS and revisions[1].body == new_text
    assert session.get(Article, article.id).body == new_text
    assert applied.outcomes.get(Outcome.MOVED, 0) >= 3 and not applied.stale
    for claim in session.get(Article, article.id).claims:
        assert new_text[claim.start:claim.end] == claim.text


def test_an_article_never_revised_lists_its_first_text(session, checker):
    actor, article = _story(session, checker)
    (only,) = history.history(session, actor, article.id).revisions
    assert only.number == 1 and only.body == PORT_REOPENS


def test_a_changed_number_under_a_published_verdict_goes_stale(session, checker, editor):
    actor, article = _story(session, checker)
    cost = _claim(article, COST)
    publish(session, cost, editor.id, TruthRating.FALSE)
    version = cost.version
    new_text = PORT_REOPENS.replace("$3 million", "$4 million")
    applied = applying.apply_revision(session, actor, article.id, new_text,
                                      RevisionOrigin.PASTE)
    session.commit()
    (stale,) = applied.stale
    assert stale.claim_id == cost.id and stale.outcome is Outcome.CHANGED
    assert "$3 million" in stale.old_text and "$4 million" in (stale.new_text or "")
    assert stale.stale_reason == "The claim's words changed in the new text."
    # The system re-anchored a frozen claim; its verdict keeps what it judged.
    claim = session.get(Claim, cost.id)
    assert claim.status is ClaimStatus.PUBLISHED and claim.version > version
    assert "$4 million" in claim.text and new_text[claim.start:claim.end] == claim.text
    # Chains re-extracted from the new sentence are proposed, not applied.
    assert json.loads(stale.proposed_chains or "[]") == [["Unite union", "internal figures"]]
    events = _events(session, AuditAction.CLAIM_REANCHORED)
    assert any(e.entity_id == str(cost.id) and json.loads(e.after or "{}")["outcome"] == "changed"
               for e in events)
    (revised,) = _events(session, AuditAction.ARTICLE_REVISED)
    assert json.loads(revised.after or "{}")["stale_claims"] == [cost.id]


def test_a_deleted_sentence_nobody_worked_on_leaves_the_desk(session, checker):
    actor, article = _story(session, checker)
    ships = _claim(article, SHIPS)
    new_text = PORT_REOPENS.replace(SHIPS + " ", "")
    applied = applying.apply_revision(session, actor, article.id, new_text,
                                      RevisionOrigin.UPLOAD)
    session.commit()
    assert applied.outcomes[Outcome.LOST] == 1 and not applied.stale
    assert session.get(Claim, ships.id).status is ClaimStatus.NOT_A_CLAIM


def test_a_deleted_sentence_with_a_verdict_is_stale_and_lost(session, checker, editor):
    actor, article = _story(session, checker)
    ships = _claim(article, SHIPS)
    publish(session, ships, editor.id, TruthRating.TRUE)
    applied = applying.apply_revision(session, actor, article.id,
                                      PORT_REOPENS.replace(SHIPS + " ", ""),
                                      RevisionOrigin.PASTE)
    (stale,) = applied.stale
    assert stale.outcome is Outcome.LOST and stale.new_text is None
    assert stale.stale_reason == "The claim's words are no longer in the article."
    assert session.get(Claim, ships.id).text == SHIPS


def test_new_sentences_become_new_claims(session, checker):
    actor, article = _story(session, checker)
    before = {claim.id for claim in article.claims}
    added = "Dock workers will vote on a new pay offer next month, the union said."
    applied = applying.apply_revision(session, actor, article.id,
                                      PORT_REOPENS + "\n\n" + added, RevisionOrigin.PASTE)
    session.commit()
    assert [claim.text for claim in applied.new_claims] == [added]
    ids = {claim.id for claim in session.get(Article, article.id).claims}
    assert before < ids


@pytest.mark.parametrize(("text", "message"), [
    ("   \n", "The new text is empty."),
    ("\x00\x01binary", "NUL characters"),
    ("x" * 10_000_001, "the limit is"),
    (PORT_REOPENS, "same as the article's current text"),
])
def test_bad_input_is_refused_and_nothing_is_written(session, checker, text, message):
    actor, article = _story(session, checker)
    with pytest.raises(ValidationFailed, match=message):
        applying.apply_revision(session, actor, article.id, text, RevisionOrigin.PASTE)
    assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRevision)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(ClaimReanchor)) == 0


def test_an_earlier_text_is_recognised_and_not_stored_twice(session, checker):
    actor, article = _story(session, checker)
    second = PORT_REOPENS.replace("five-day", "six-day")
    applying.apply_revision(session, actor, article.id, second, RevisionOrigin.PASTE)
    session.commit()
    with pytest.raises(ValidationFailed, match="same as revision 1"):
        applying.apply_revision(session, actor, article.id, PORT_REOPENS,
                                RevisionOrigin.PASTE)
    assert len(history.history(session, actor, article.id).revisions) == 2


def test_another_articles_text_is_refused(session, checker):
    actor, article = _story(session, checker)
    other = save_article(session, actor, "Rail fares rise 5% in March, the operator said.")
    with pytest.raises(ValidationFailed, match=f"already article #{other.article.id}"):
        applying.apply_revision(session, actor, article.id,
                                "Rail fares rise 5% in March, the operator said.",
                                RevisionOrigin.PASTE)


def test_readers_cannot_add_revisions(session, make_user, checker):
    _actor, article = _story(session, checker)
    admin = acting(session, make_user(role="admin"))
    with pytest.raises(PermissionDenied):
        applying.apply_revision(session, admin, article.id, PORT_REOPENS + " More.",
                                RevisionOrigin.PASTE)


def test_the_original_is_not_a_revision_origin(session, checker):
    actor, article = _story(session, checker)
    with pytest.raises(ValidationFailed, match="new text"):
        applying.apply_revision(session, actor, article.id, "Other.", RevisionOrigin.ORIGINAL)
