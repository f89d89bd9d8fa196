"""What claim matching found for each of our claims, kept so that pages and
figures read it instead of searching again: the similarity of the closest
published verdict (ours or imported) and the terms that look the claim up,
so that a newly published or imported verdict finds the claims it may
match without searching for every claim."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import Model
from factcheck.models.types import UTCDateTime, utcnow


class ClaimMatchFigure(Model):
    """The claim's closest published verdict when it was last matched: on
    saving or re-anchoring its article, and when a verdict sharing one of its
    terms was published or imported. 0.0: nothing similar."""

    __tablename__ = "claim_match_figures"

    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"),
                                          primary_key=True)
    best_similarity: Mapped[float] = mapped_column(sa.Float(), default=0.0)
    # Of the claim's text as matched: an edited claim's figures are outdated.
    text_hash: Mapped[str] = mapped_column(sa.String(64))
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # With semantic matching: the claim's sentence vector as matched (float32
    # bytes) and the model that made it, so a verdict published later is
    # compared with it without encoding the claim again. Deferred: pages
    # reading the figures never load it.
    vector: Mapped[bytes | None] = mapped_column(sa.LargeBinary(), deferred=True)
    vector_model: Mapped[str | None] = mapped_column(sa.String(80))


class ClaimMatch(Model):
    """One of the claim's closest published verdicts (its search document)
    and their similarity, as the article and review pages list them."""

    __tablename__ = "claim_matches"

    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"),
                                          primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("match_documents.id", ondelete="CASCADE"), primary_key=True)
    similarity: Mapped[float] = mapped_column(sa.Float())
    # Where the pages list it (0: first). With semantic matching the order
    # is the fused ranking's, which is not always the similarity's.
    position: Mapped[int] = mapped_column(sa.SmallInteger(), default=0, server_default="0")

    __table_args__ = (sa.Index("ix_claim_matches_document_id", "document_id"),)


class ClaimMatchTerm(Model):
    """One index term of a claim (term first: looked up by term)."""

    __tablename__ = "claim_match_terms"

    term: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"),
                                          primary_key=True)

    __table_args__ = (sa.Index("ix_claim_match_terms_claim_id", "claim_id"),)
