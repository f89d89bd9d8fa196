"""Watching published articles for silent edits: ``factcheck revisions
check`` fetches again every web article that has a verdict, asks the
server only for what changed since the last fetch (a conditional GET with
the stored ETag / Last-Modified), paces itself per host, and stores a real
change as a revision through ``apply_revision`` (re-anchoring, stale flags
and the audit events come with it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import urlsplit

import sqlalchemy as sa

from factcheck.domain.revisions import RevisionOrigin
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.claim import Claim
from factcheck.models.verdict import Verdict
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import ServiceError
from factcheck.services.core.session import DbSession
from factcheck.services.intake.articles import content_hash
from factcheck.services.intake.drafts import draft_from_fetched
from factcheck.services.intake.fetch import Fetched, FetchPolicy, fetch
from factcheck.services.intake.text_input import clean_text
from factcheck.services.revisions.applying import apply_revision


class Result(Enum):
    NOT_MODIFIED = "not modified"
    SAME_TEXT = "same text"
    REVISED = "revised"
    FAILED = "failed"


@dataclass(frozen=True)
class Checked:
    article_id: int
    url: str
    result: Result
    message: str = ""
    revision: int | None = None
    stale_claims: list[int] = field(default_factory=list)


class HostPacer:
    """At most one request per host per ``interval`` seconds. The clock and
    the sleeper are given, so tests move time instead of waiting."""

    def __init__(self, interval: float, clock: Callable[[], float],
                 sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}

    def wait_for(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        last = self._last.get(host)
        if last is not None:
            gap = last + self.interval - self.clock()
            if gap > 0:
                self.sleep(gap)
        self._last[host] = self.clock()


def articles_to_watch(session: DbSession, actor: Actor) -> Sequence[int]:
    """Web articles with at least one verdict, oldest first."""
    require(actor, Permission.ADD_ARTICLES)
    judged = sa.select(Claim.article_id).join(Verdict, Verdict.claim_id == Claim.id)
    return session.scalars(sa.select(Article.id).where(Article.url.is_not(None),
                                                       Article.id.in_(judged))
                           .order_by(Article.id)).all()


def check_article(session: DbSession, actor: Actor, article_id: int,
                  policy: FetchPolicy, pacer: HostPacer) -> Checked:
    """One article fetched again. Flushes, never commits; a failure raises
    nothing and writes nothing (the caller rolls back on FAILED)."""
    require(actor, Permission.ADD_ARTICLES)
    article = session.get_one(Article, article_id)
    url = article.url or ""
    pacer.wait_for(url)
    try:
        fetched = fetch(url, policy, article.fetch_etag or "", article.fetch_last_modified or "")
        return store_fetched(session, actor, article.id, url, fetched)
    except ServiceError as error:
        return Checked(article.id, url, Result.FAILED, message=error.message)


def store_fetched(session: DbSession, actor: Actor, article_id: int, url: str,
                  fetched: Fetched) -> Checked:
    """What a fetch of the article's address brought: nothing new, the same
    text, or a revision. The job that fetches again calls it after fetching
    outside any transaction; ``check_article`` right after its own fetch."""
    require(actor, Permission.ADD_ARTICLES)
    if fetched.not_modified:
        return Checked(article_id, url, Result.NOT_MODIFIED)
    article = session.get_one(Article, article_id)
    text = clean_text(draft_from_fetched(fetched).text, "The page")
    article.fetch_etag = fetched.etag or None
    article.fetch_last_modified = fetched.last_modified or None
    if content_hash(text) == article.content_hash:
        # The page was served again (no validators, or new ones) but
        # its article text is what we have.
        session.flush()
        return Checked(article.id, url, Result.SAME_TEXT)
    applied = apply_revision(session, actor, article.id, text, RevisionOrigin.FETCH, url=url)
    return Checked(article.id, url, Result.REVISED, revision=applied.revision.number,
                   stale_claims=[row.claim_id for row in applied.stale])
