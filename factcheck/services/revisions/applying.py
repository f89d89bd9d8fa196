"""Applying a new text to an article, in one audited transaction.

Re-anchoring moves claims, including claims frozen by an approved or
published verdict. That is not an edit: ``check_editable`` guards what a
person does to a claim, and a person does nothing here; the claim follows
the article's own words. What the verdict judged stays frozen in the
verdict's snapshot (``Verdict.claim_text``), and a claim whose words changed
or vanished under reviews or a verdict is flagged stale for an editor.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.domain.anchoring import Anchor, Outcome, Reanchored, reanchor
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.extraction import ExtractedClaim, extract
from factcheck.domain.revisions import RevisionOrigin
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.revision import ArticleRevision, ClaimReanchor
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.articles import (
    content_hash,
    found_chains,
    get_article,
    store_extracted_claim,
)
from factcheck.services.intake.drafts import draft_from_address
from factcheck.services.intake.fetch import FetchPolicy
from factcheck.services.intake.text_input import clean_text, web_address
from factcheck.services.matching.background import request_matching
from factcheck.services.review import workflow
from factcheck.services.revisions.history import original_revision
from factcheck.services.sources import registry as sources
from factcheck.services.webhooks import events as webhook_events

CONTEXT = 32  # characters of prefix/suffix kept, as claim editing does
ENTITY = "article"


@dataclass(frozen=True)
class Applied:
    revision: ArticleRevision
    outcomes: dict[Outcome, int]
    stale: list[ClaimReanchor]
    new_claims: list[Claim]


def apply_revision(session: DbSession, actor: Actor, article_id: int, text: str,
                   origin: RevisionOrigin, url: str = "") -> Applied:
    require(actor, Permission.ADD_ARTICLES)
    if origin is RevisionOrigin.ORIGINAL:
        raise ValidationFailed("A revision is a new text for an existing article.")
    article = _locked(session, actor, article_id)
    text = clean_text(text, "The new text")
    url = web_address(url, "The address")[:2048]
    digest = content_hash(text)
    _refuse_known_text(session, article, digest)
    claims = list(session.scalars(sa.select(Claim).where(Claim.article_id == article.id)
                                  .order_by(Claim.start, Claim.id)))
    # Everything that can fail runs before the first write.
    results = reanchor(article.body, text, [
        Anchor(c.text, c.prefix, c.suffix, c.start, c.end) for c in claims])
    extraction = extract(text, known_sources=sources.registry_names(session))

    if not session.scalar(sa.select(sa.func.count()).select_from(ArticleRevision)
                          .where(ArticleRevision.article_id == article.id)):
        session.add(original_revision(article))
        session.flush()
    number = 1 + (session.scalar(sa.select(sa.func.max(ArticleRevision.number))
                                 .where(ArticleRevision.article_id == article.id)) or 0)
    revision = ArticleRevision(article_id=article.id, number=number, body=text,
                               content_hash=digest, origin=origin, url=url or None,
                               added_by_id=getattr(actor, "id", None) or article.added_by_id)
    session.add(revision)
    session.flush()

    before = article.audit_snapshot()
    old_body = article.body
    article.body, article.content_hash = text, digest
    stale: list[ClaimReanchor] = []
    for claim, result in zip(claims, results, strict=True):
        row = _follow(session, actor, revision, claim, result, old_body, text, extraction.claims)
        if row.stale:
            stale.append(row)
    taken = [(r.start, r.end) for r in results if r.start is not None and r.end is not None]
    new_claims = [store_extracted_claim(session, actor, article.id, found)
                  for found in extraction.claims
                  if not any(found.start < end and start < found.end for start, end in taken)]
    outcomes = dict(Counter(result.outcome for result in results))
    session.flush()
    # Moved words are matched afresh, by a job: a new text may touch every claim.
    if claims or new_claims:
        request_matching(session, actor, article.id)
    audit.record(session, actor, AuditAction.ARTICLE_REVISED, ENTITY, article.id,
                 before=before,
                 after={**article.audit_snapshot(), "revision": number,
                        "origin": origin.value,
                        "outcomes": {o.value: n for o, n in sorted(outcomes.items())},
                        "stale_claims": [row.claim_id for row in stale],
                        "new_claims": [claim.id for claim in new_claims]})
    if stale:
        webhook_events.article_stale(session, article, number, [row.claim_id for row in stale])
    return Applied(revision, outcomes, stale, new_claims)


def _locked(session: DbSession, actor: Actor, article_id: int) -> Article:
    """The article under its row lock (PostgreSQL), read afresh: two new
    texts at once would both become the same revision number; the second
    waits for the first and then re-anchors from its text."""
    get_article(session, actor, article_id)  # permission, and "no such article"
    return session.scalars(sa.select(Article).where(Article.id == article_id)
                           .with_for_update()
                           .execution_options(populate_existing=True)).one()


def _refuse_known_text(session: DbSession, article: Article, digest: str) -> None:
    if digest == article.content_hash:
        raise ValidationFailed("This text is the same as the article's current text; "
                               "nothing was stored.")
    earlier = session.scalar(sa.select(ArticleRevision.number).where(
        ArticleRevision.article_id == article.id, ArticleRevision.content_hash == digest))
    if earlier is not None:
        raise ValidationFailed(f"This text is the same as revision {earlier} of this article; "
                               "nothing was stored.")
    other = session.scalar(sa.select(Article.id).where(Article.content_hash == digest,
                                                       Article.id != article.id))
    if other is not None:
        raise ValidationFailed(f"This text is already article #{other}; nothing was stored.")


def _follow(session: DbSession, actor: Actor, revision: ArticleRevision, claim: Claim,
            result: Reanchored, old_body: str, new_body: str,
            extracted: Sequence[ExtractedClaim]) -> ClaimReanchor:
    """Move one claim to where the new text has it, and say what happened."""
    row = ClaimReanchor(revision_id=revision.id, claim_id=claim.id, outcome=result.outcome,
                        old_text=claim.text, old_start=claim.start, old_end=claim.end,
                        new_text=result.text, new_start=result.start, new_end=result.end,
                        stale=False)
    before = claim.audit_snapshot()
    if result.start is not None and result.end is not None:
        claim.start, claim.end = result.start, result.end
        claim.text = new_body[result.start:result.end]
        claim.prefix = new_body[max(0, result.start - CONTEXT):result.start]
        claim.suffix = new_body[result.end:result.end + CONTEXT]
    else:
        # Lost: the text stays what was claimed; the span is kept inside the
        # new body so the row stays valid, and the reading view is told.
        claim.start = min(claim.start, max(0, len(new_body) - 1))
        claim.end = max(claim.start + 1, min(claim.end, len(new_body)))
    if result.outcome is Outcome.CHANGED:
        row.proposed_chains = json.dumps(_proposed_chains(result, extracted))
    has_work = bool(claim.reviews or claim.verdicts)
    if result.outcome in (Outcome.CHANGED, Outcome.LOST) and claim.status is not \
            ClaimStatus.NOT_A_CLAIM:
        if has_work:
            row.stale = True
            row.stale_reason = ("The claim's words changed in the new text."
                                if result.outcome is Outcome.CHANGED
                                else "The claim's words are no longer in the article.")[:300]
        elif result.outcome is Outcome.LOST and claim.status in (ClaimStatus.NEW,
                                                              ClaimStatus.IN_REVIEW):
            # Nobody has worked on it and its words are gone: off the desk.
            workflow.enter(claim, ClaimStatus.NOT_A_CLAIM)
    session.add(row)
    if claim.audit_snapshot() != before or result.outcome is not Outcome.UNCHANGED:
        session.flush()
        audit.record(session, actor, AuditAction.CLAIM_REANCHORED, "claim", claim.id,
                     before=before,
                     after={**claim.audit_snapshot(), "revision": revision.number,
                            "outcome": result.outcome.value, "stale": row.stale})
    return row


def _proposed_chains(result: Reanchored, extracted: Sequence[ExtractedClaim]) -> list[list[str]]:
    """Chains re-extracted from the changed sentence, outermost first, as
    source names: shown next to the current chains, applied only by a
    person."""
    assert result.start is not None and result.end is not None
    return chains_in_span(result.start, result.end, extracted)


def chains_in_span(start: int, end: int,
                   extracted: Sequence[ExtractedClaim]) -> list[list[str]]:
    """The chains of the extracted claim that overlaps ``start``..``end``
    most, as source names outermost first; none when nothing overlaps.
    Re-extraction after an extractor upgrade proposes chains the same way."""
    best = max(extracted, default=None,
               key=lambda f: min(f.end, end) - max(f.start, start))
    if best is None or min(best.end, end) <= max(best.start, start):
        return []
    return [[hop.name for hop in chain.chain] for chain in found_chains(best)]


def apply_fetched(session: DbSession, actor: Actor, article_id: int,
                  policy: FetchPolicy) -> Applied:
    """The article's own address fetched again (the guarded fetcher)."""
    require(actor, Permission.ADD_ARTICLES)
    article = get_article(session, actor, article_id)
    if not article.url:
        raise ValidationFailed("This article has no web address to fetch again.")
    draft = draft_from_address(article.url, policy)
    return apply_revision(session, actor, article.id, draft.text, RevisionOrigin.FETCH,
                          url=article.url)
