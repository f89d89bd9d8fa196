"""Reading an article's revisions: the list, and what changed between two."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.domain.anchoring.words import Piece, word_diff
from factcheck.domain.revisions import RevisionOrigin
from factcheck.domain.roles import Permission
from factcheck.models.article import Article
from factcheck.models.revision import ArticleRevision
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound
from factcheck.services.core.session import DbSession
from factcheck.services.intake.articles import get_article


@dataclass(frozen=True)
class History:
    article: Article
    revisions: list[ArticleRevision]  # oldest first; number 1 is the first text


@dataclass(frozen=True)
class Comparison:
    older: ArticleRevision
    newer: ArticleRevision
    pieces: list[Piece]


def original_revision(article: Article) -> ArticleRevision:
    """Revision 1, the text as first ingested (stored when a second comes)."""
    return ArticleRevision(article_id=article.id, number=1, body=article.body,
                           content_hash=article.content_hash, origin=RevisionOrigin.ORIGINAL,
                           url=article.url, added_by_id=article.added_by_id,
                           added_at=article.added_at)


def history(session: DbSession, actor: Actor, article_id: int) -> History:
    require(actor, Permission.VIEW_ARTICLES)
    article = get_article(session, actor, article_id)
    stored = list(session.scalars(sa.select(ArticleRevision)
                                  .where(ArticleRevision.article_id == article.id)
                                  .order_by(ArticleRevision.number)))
    return History(article, stored or [original_revision(article)])


def compare(session: DbSession, actor: Actor, article_id: int, older: int,
            newer: int) -> Comparison:
    found = {revision.number: revision
             for revision in history(session, actor, article_id).revisions}
    if older not in found or newer not in found:
        raise NotFound("No such revision of this article.")
    return Comparison(found[older], found[newer],
                      word_diff(found[older].body, found[newer].body))
