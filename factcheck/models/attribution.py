"""Attribution chains: who a claim rests on, outermost reporter first.

"Sources told the FT, Reuters reported" is one chain of three hops:
Reuters, then the Financial Times, then anonymous sources. A claim that two
outlets report independently has two chains.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import Model

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.source import Source


class Attribution(Model):
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)

    claim: Mapped[Claim] = relationship(back_populates="attributions")
    hops: Mapped[list[AttributionHop]] = relationship(
        back_populates="attribution", order_by="AttributionHop.position",
        cascade="all, delete-orphan",
    )

    __table_args__ = (sa.UniqueConstraint("claim_id", "position"),)

    def audit_snapshot(self) -> dict[str, object]:
        return {"claim_id": self.claim_id, "position": self.position,
                "hops": [hop.audit_snapshot() for hop in self.hops]}


class AttributionHop(Model):
    __tablename__ = "attribution_hops"

    id: Mapped[int] = mapped_column(primary_key=True)
    attribution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attributions.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(default=0)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id"), index=True)
    cue: Mapped[str | None] = mapped_column(sa.String(120))
    # Where the source is named in the article body; null when implied or
    # carried over from an earlier sentence.
    mention_start: Mapped[int | None]
    mention_end: Mapped[int | None]
    # Hedge words as written ("reportedly", "allegedly"), comma separated.
    hedges: Mapped[str] = mapped_column(sa.String(300), default="")
    inherited: Mapped[bool] = mapped_column(default=False)

    attribution: Mapped[Attribution] = relationship(back_populates="hops")
    source: Mapped[Source] = relationship()

    __table_args__ = (sa.UniqueConstraint("attribution_id", "position"),)

    @property
    def hedge_list(self) -> list[str]:
        return [hedge for hedge in self.hedges.split(",") if hedge]

    def audit_snapshot(self) -> dict[str, object]:
        return {
            "source_id": self.source_id,
            "cue": self.cue,
            "mention_start": self.mention_start,
            "mention_end": self.mention_end,
            "hedges": self.hedge_list,
            "inherited": self.inherited,
        }
