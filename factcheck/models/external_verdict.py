"""Other fact-checkers' verdicts, imported from their ClaimReview markup,
and the search index over ours and theirs.

External verdicts are read-only copies: an import creates or refreshes them
(by review URL), nothing else edits them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, utcnow


class ExternalVerdict(Model):
    __tablename__ = "external_verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_url: Mapped[str] = mapped_column(sa.String(2048), unique=True)
    publisher_name: Mapped[str] = mapped_column(sa.String(300), default="")
    publisher_url: Mapped[str] = mapped_column(sa.String(2048), default="")
    claim_text: Mapped[str] = mapped_column(sa.Text())
    headline: Mapped[str] = mapped_column(sa.Text(), default="")
    claimant: Mapped[str] = mapped_column(sa.String(300), default="")
    review_date: Mapped[date | None] = mapped_column(sa.Date())
    rating_text: Mapped[str] = mapped_column(sa.String(300), default="")
    rating_value: Mapped[float | None] = mapped_column(sa.Float())
    best_rating: Mapped[float | None] = mapped_column(sa.Float())
    worst_rating: Mapped[float | None] = mapped_column(sa.Float())
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "review_url": self.review_url,
            "publisher_name": self.publisher_name,
            "claim_text": self.claim_text,
            "claimant": self.claimant,
            "review_date": self.review_date.isoformat() if self.review_date else None,
            "rating_text": self.rating_text,
            "rating_value": self.rating_value,
        }


class MatchDocument(Model):
    """One searchable published verdict: ours (one per claim, its latest
    published verdict) or an imported one. Terms are stored already
    tokenised (factcheck.domain.matching.tokens), so both databases index
    exactly the same words; database triggers (migration 0007) keep the
    full-text index (SQLite FTS5 table ``match_fts``, PostgreSQL
    ``search_vector``) in step with every write, in the same transaction."""

    __tablename__ = "match_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("claims.id", ondelete="CASCADE"), unique=True)
    verdict_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("verdicts.id", ondelete="CASCADE"))
    external_verdict_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("external_verdicts.id", ondelete="CASCADE"), unique=True)
    claim_terms: Mapped[str] = mapped_column(sa.Text(), default="")
    title_terms: Mapped[str] = mapped_column(sa.Text(), default="")
    claim_length: Mapped[int] = mapped_column(default=0)
    title_length: Mapped[int] = mapped_column(default=0)
    # PostgreSQL only (filled by a trigger); unused on SQLite, which has match_fts.
    search_vector: Mapped[str | None] = mapped_column(
        sa.Text().with_variant(TSVECTOR(), "postgresql"), deferred=True)

    __table_args__ = (
        sa.CheckConstraint("(claim_id IS NULL) <> (external_verdict_id IS NULL)",
                           name="one_owner"),
        sa.Index("ix_match_documents_search_vector", "search_vector",
                 postgresql_using="gin"),
    )


class MatchTerm(Model):
    """How many indexed documents hold each term: the rarity that weighs a
    shared word (a shared "ivermectin" says more than a shared "state")."""

    __tablename__ = "match_terms"

    term: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    documents: Mapped[int] = mapped_column(default=0)


def outside_models(name: str | None, kind: str, _parents: object = None) -> bool:
    """Alembic ``include_name`` hook: False for SQLite's FTS5 table and its
    shadow tables, which the migration creates and no model describes."""
    return not (kind == "table" and name is not None and name.startswith("match_fts"))
