"""Articles in: deduplicate, extract claims and their source chains, and
store them with one audit event per created row, in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.extraction import Attribution as ExtractedAttribution
from factcheck.domain.extraction import ExtractedClaim, Extraction, extract
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound, ValidationFailed
from factcheck.services.core.pages import Page, Slice, paginate, slice_of
from factcheck.services.core.search import contains_text
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import (
    Draft,
    clean_text,
    plain_field,
    row_id_in_range,
    web_address,
)
from factcheck.services.matching.background import request_matching
from factcheck.services.sources import registry as sources

ENTITY = "article"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Saved:
    article: Article
    created: bool  # False: the same article was already there


def find_duplicate(session: DbSession, text: str, url: str = "") -> Article | None:
    conditions = [Article.content_hash == content_hash(text)]
    if url:
        conditions.append(Article.url == url)
    return session.scalar(sa.select(Article).where(sa.or_(*conditions)).limit(1))


def create_article(session: DbSession, actor: Actor, draft: Draft,
                   extraction: Extraction | None = None) -> Saved:
    """Save an article and its claims. ``extraction`` is what was found in
    ``draft.text`` before this transaction began (see article_intake); the
    shell and the demo leave it out and extract here."""
    require(actor, Permission.ADD_ARTICLES)
    text = clean_text(draft.text)
    url = web_address(draft.url, "The article address")[:2048]
    for value, what in ((draft.title, "The headline"), (draft.outlet, "The outlet"),
                        (draft.byline, "The byline")):
        plain_field(value, what)
    duplicate = find_duplicate(session, text, url)
    if duplicate is not None:
        return Saved(duplicate, created=False)
    if extraction is None:
        extraction = extract(text, known_sources=sources.registry_names(session))
    meta = extraction.metadata
    title = (draft.title.strip() or meta.title or text.strip().split("\n", 1)[0])[:500]
    article = Article(
        title=title,
        # Detected values can be any length (a page's site name, a long
        # byline line); the columns cannot.
        outlet=(draft.outlet.strip() or meta.outlet or "")[:200] or None,
        byline=(draft.byline.strip() or meta.byline or "")[:300] or None,
        url=url or None,
        published_on=draft.published or _iso_date(meta.published),
        body=text,
        content_hash=content_hash(text),
        added_by_id=getattr(actor, "id", None) or _system_owner(session),
    )
    session.add(article)
    session.flush()
    audit.record(session, actor, AuditAction.ARTICLE_CREATED, ENTITY, article.id,
                 after={**article.audit_snapshot(), "claims": len(extraction.claims)})
    claims = [store_extracted_claim(session, actor, article.id, found)
              for found in extraction.claims]
    if claims:
        # "Already checked?" is worked out by a job (seconds for a long
        # article); the pages say it is in progress until it is done.
        request_matching(session, actor, article.id)
    return Saved(article, created=True)


def found_chains(found: ExtractedClaim) -> list[ExtractedAttribution]:
    """An extracted claim's source chains, its own attribution first."""
    chains = [found.attribution, *found.chains] if found.attribution else list(found.chains)
    return [chain for chain in chains if chain is not None and chain.chain]


def store_extracted_claim(session: DbSession, actor: Actor, article_id: int,
                          found: ExtractedClaim) -> Claim:
    """One extracted claim with its chains, audited: on first ingest and for
    the new sentences of a later revision alike."""
    claim = Claim(article_id=article_id, text=found.text, start=found.start, end=found.end,
                  prefix=found.prefix[-64:], suffix=found.suffix[:64], kind=found.kind,
                  checkworthiness=min(1.0, max(0.0, float(found.checkworthiness))),
                  status=ClaimStatus.NEW)
    session.add(claim)
    for position, chain in enumerate(found_chains(found)):
        claim.attributions.append(_attribution(session, actor, chain, position))
    session.flush()
    audit.record(session, actor, AuditAction.CLAIM_CREATED, "claim", claim.id,
                 after={**claim.audit_snapshot(),
                        "chains": [a.audit_snapshot()["hops"] for a in claim.attributions]})
    return claim


def _attribution(session: DbSession, actor: Actor, chain: ExtractedAttribution,
                 position: int) -> Attribution:
    attribution = Attribution(position=position)
    for index, hop in enumerate(chain.chain):
        source = sources.get_or_create(session, actor, hop.name, hop.kind, by_person=False)
        attribution.hops.append(AttributionHop(
            position=index, source_id=source.id,
            # The cue links the claim to the chain; it is stated once.
            cue=((chain.cue or "")[:120] or None) if index == 0 else None,
            mention_start=hop.start, mention_end=hop.end,
            hedges=",".join(hop.hedges)[:300], inherited=chain.inherited,
        ))
    return attribution


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _system_owner(session: DbSession) -> int:
    """Articles imported from the shell belong to the first admin."""
    from factcheck.domain.roles import Role
    from factcheck.models.user import User

    owner = session.scalar(
        sa.select(User.id).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
    ) or session.scalar(sa.select(User.id).order_by(User.id).limit(1))
    if owner is None:
        raise ValidationFailed("Create a user first (factcheck user add EMAIL --role admin).")
    return owner


def get_article(session: DbSession, actor: Actor, article_id: int) -> Article:
    require(actor, Permission.VIEW_ARTICLES)
    article = session.get(Article, article_id) if row_id_in_range(article_id) else None
    if article is None:
        raise NotFound("No such article.")
    return article


@dataclass(frozen=True)
class ArticleRow:
    article: Article
    claim_count: int
    decided_count: int  # claims with a verdict

    @property
    def progress(self) -> int:
        return round(100 * self.decided_count / self.claim_count) if self.claim_count else 0


def _article_filters(search: str, status: ClaimStatus | None) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if search:
        where.append(sa.or_(contains_text(Article.title, search),
                            contains_text(Article.outlet, search)))
    if status is not None:
        where.append(sa.exists().where(Claim.article_id == Article.id, Claim.status == status))
    return where


def articles_after(session: DbSession, actor: Actor, after: tuple[datetime, int] | None, *,
                   search: str = "", status: ClaimStatus | None = None,
                   limit: int = 50) -> Slice[Article]:
    """The article list (newest first, the same filters) by keyset: the
    articles after ``after`` (added time and id of the last one seen)."""
    require(actor, Permission.VIEW_ARTICLES)
    where = _article_filters(search, status)
    if after is not None:
        where.append(sa.tuple_(Article.added_at, Article.id) < sa.tuple_(*after))
    rows = session.scalars(sa.select(Article).where(*where)
                           .order_by(Article.added_at.desc(), Article.id.desc())
                           .limit(limit + 1)).all()
    return slice_of(rows, limit, lambda article: (article.added_at, article.id))


def article_with_claims(session: DbSession, actor: Actor, article_id: int) -> Article:
    """One article with its claims and their verdicts, loaded up front."""
    require(actor, Permission.VIEW_ARTICLES)
    article = session.scalar(
        sa.select(Article).where(Article.id == article_id)
        .options(selectinload(Article.claims).selectinload(Claim.verdicts))
    ) if row_id_in_range(article_id) else None
    if article is None:
        raise NotFound("No such article.")
    return article


def list_articles(session: DbSession, actor: Actor, *, search: str = "",
                  status: ClaimStatus | None = None, page: int = 1,
                  per_page: int = 50) -> Page[ArticleRow]:
    """Two queries for the page whatever its length or the archive's size:
    the page of articles first, then claim counts for those articles only
    (counting every article's claims to show fifty would grow with the
    archive)."""
    require(actor, Permission.VIEW_ARTICLES)
    query = sa.select(Article).where(*_article_filters(search, status))
    found = paginate(session, query.order_by(Article.added_at.desc(), Article.id.desc()),
                     page, per_page)
    shown = found.items
    counts: dict[int, tuple[int, int]] = {}
    if shown:
        # Each claim looks up its first verdict through the index. Neither an
        # EXISTS inside FILTER nor an outer join will do: PostgreSQL turns
        # both into a scan of every verdict in the archive (a hash join) once
        # the page holds a few thousand claims.
        verdict = (sa.select(Verdict.claim_id).where(Verdict.claim_id == Claim.id)
                   .limit(1).correlate(Claim).scalar_subquery())
        shown_claims = (
            sa.select(Claim.article_id, verdict.label("verdict"))
            .where(Claim.article_id.in_([article.id for article in shown]),
                   Claim.status != ClaimStatus.NOT_A_CLAIM).subquery())
        for article_id, claims, decided in session.execute(
            sa.select(shown_claims.c.article_id, sa.func.count(),
                      sa.func.count(shown_claims.c.verdict))
            .group_by(shown_claims.c.article_id)
        ):
            counts[article_id] = (claims, decided)
    result = [ArticleRow(article, *counts.get(article.id, (0, 0))) for article in shown]
    return found.with_items(result)
