"""A small article with a few claims, for review-workflow tests."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.models.claim import Claim
from factcheck.models.user import User
from factcheck.services import articles
from factcheck.services.text_input import Draft

STORY = """Ferry operator cuts winter timetable, union says

HELSINKI, 2025-11-03 (Baltic Desk) — The ferry operator Nordline will cut its winter crossings by a third, the seafarers' union said on Monday.

The union said 140 crew members would lose shifts between December and March.

Transport minister Aino Laakso told reporters that the government had not been consulted. She said the ministry would review the operator's licence.

Nordline carried 2.4 million passengers last year, according to company filings.

Reporting by Eeva Korhonen
"""


def acting(session: Any, user: User) -> User:
    found = session.get(User, user.id)
    assert found is not None
    return found


def story_claims(session: Any, editor: User) -> list[Claim]:
    saved = articles.create_article(session, acting(session, editor), Draft(text=STORY))
    session.commit()
    claims = session.scalars(
        sa.select(Claim).where(Claim.article_id == saved.article.id,
                               Claim.status != ClaimStatus.NOT_A_CLAIM).order_by(Claim.start)
    ).all()
    assert len(claims) >= 3, [claim.text for claim in claims]
    return list(claims)


def claim_with(claims: list[Claim], phrase: str) -> Claim:
    return next(claim for claim in claims if phrase in claim.text)
