"""Article revisions and what each did to each claim.

A revision never overwrites an older one: ``article_revisions`` keeps every
text, ``articles.body`` is the current one (claims' offsets point into it).
``claim_reanchors`` says, per revision and claim, where the claim went and,
for a claim with reviews or a verdict that changed or was lost, that its
verdict is stale until an editor confirms or reopens it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.domain.anchoring import Outcome
from factcheck.domain.revisions import RevisionOrigin, StaleResolution
from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from factcheck.models.article import Article
    from factcheck.models.claim import Claim
    from factcheck.models.user import User


class ArticleRevision(Model):
    __tablename__ = "article_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1 is the text as first ingested
    body: Mapped[str] = mapped_column(sa.Text())
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    origin: Mapped[RevisionOrigin] = mapped_column(enum_type(RevisionOrigin))
    url: Mapped[str | None] = mapped_column(sa.String(2048))
    added_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    article: Mapped[Article] = relationship()
    added_by: Mapped[User] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("article_id", "number", name="uq_article_revisions_number"),
        # The same text is one revision, however often it comes back.
        sa.UniqueConstraint("article_id", "content_hash", name="uq_article_revisions_text"),
    )


class ClaimReanchor(Model):
    __tablename__ = "claim_reanchors"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("article_revisions.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"),
                                          index=True)
    outcome: Mapped[Outcome] = mapped_column(enum_type(Outcome))
    old_text: Mapped[str] = mapped_column(sa.Text())
    old_start: Mapped[int]
    old_end: Mapped[int]
    new_text: Mapped[str | None] = mapped_column(sa.Text())
    new_start: Mapped[int | None]
    new_end: Mapped[int | None]
    # Chains extracted from the new text, JSON: proposed, never applied.
    proposed_chains: Mapped[str | None] = mapped_column(sa.Text())
    stale: Mapped[bool] = mapped_column(default=False)
    stale_reason: Mapped[str | None] = mapped_column(sa.String(300))
    resolution: Mapped[StaleResolution | None] = mapped_column(enum_type(StaleResolution))
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_note: Mapped[str] = mapped_column(sa.Text(), default="", server_default="")

    revision: Mapped[ArticleRevision] = relationship()
    claim: Mapped[Claim] = relationship()
    resolved_by: Mapped[User | None] = relationship()

    __table_args__ = (
        # The editor queue: stale and not yet resolved.
        sa.Index("ix_claim_reanchors_stale_resolution", "stale", "resolution"),
    )

    def proposed_chain_names(self) -> list[str]:
        """Each proposed chain as its names, outermost first: "A › B"."""
        chains = json.loads(self.proposed_chains or "[]")
        return [" › ".join(str(name) for name in chain) for chain in chains if chain]
