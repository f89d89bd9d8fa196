"""Articles as ingested: the body is kept byte-for-byte as it came in,
because every claim's offsets point into it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.user import User


class Article(Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    outlet: Mapped[str | None] = mapped_column(sa.String(200))
    byline: Mapped[str | None] = mapped_column(sa.String(300))
    url: Mapped[str | None] = mapped_column(sa.String(2048), unique=True)
    published_on: Mapped[date | None] = mapped_column(sa.Date())
    body: Mapped[str] = mapped_column(sa.Text())
    # SHA-256 of the body: the same article pasted twice is found again.
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    added_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # The validators of the last fetch by ``factcheck revisions check``: the
    # next check sends them back (a conditional GET) and a 304 costs nothing.
    fetch_etag: Mapped[str | None] = mapped_column(sa.String(300))
    fetch_last_modified: Mapped[str | None] = mapped_column(sa.String(300))

    added_by: Mapped[User] = relationship()
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", order_by="Claim.start", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.Index("ix_articles_outlet_published", "outlet", "published_on"),)

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "title": self.title,
            "outlet": self.outlet,
            "byline": self.byline,
            "url": self.url,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "content_hash": self.content_hash,
        }
