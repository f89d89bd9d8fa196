"""Sentence vectors of the published verdicts' claims, for the optional
semantic ranker (README: Semantic matching). Computed by a job, never on a
page request; a document without a vector (not computed yet, or computed
by another model) is ranked on its words alone."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import Model


class ClaimVector(Model):
    """One search document's vector: float32, unit length, little-endian
    bytes. Plain bytes and an exact comparison: only the few candidates the
    full-text index proposes are compared, so no vector index is needed."""

    __tablename__ = "claim_vectors"

    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("match_documents.id", ondelete="CASCADE"), primary_key=True)
    # Which model made it (name and weights digest): a new model's vectors
    # are computed afresh, old ones are never compared with new ones.
    model: Mapped[str] = mapped_column(sa.String(80))
    # Of the text it was computed from: a re-imported verdict whose claim
    # changed gets a new vector.
    text_hash: Mapped[str] = mapped_column(sa.String(64))
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary())
    # The write it came from: one number per batch, rising. A process holding
    # the vectors reads only the rows of later writes (a replaced vector is a
    # later write too), and checks for them with two index lookups.
    generation: Mapped[int] = mapped_column(sa.BigInteger(), default=0, server_default="0")

    __table_args__ = (sa.Index("ix_claim_vectors_model_generation", "model", "generation"),)
