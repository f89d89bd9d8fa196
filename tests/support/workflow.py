"""A small article with a few claims, for review-workflow tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.models.claim import Claim
from factcheck.models.user import User
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft

STORY = (Path(__file__).resolve().parent.parent / "fixtures" / "articles"
         / "ferry_timetable.txt").read_text(encoding="utf-8")


def acting(session: Any, user: User) -> User:
    found = session.get(User, user.id)
    assert found is not None
    return found


def reviewing_people(make_user: Any) -> dict[str, User]:
    """Three checkers and an editor, for review-workflow tests."""
    return {
        "one": make_user(email="one@example.org", role="checker", name="Checker One"),
        "two": make_user(email="two@example.org", role="checker", name="Checker Two"),
        "three": make_user(email="three@example.org", role="checker", name="Checker Three"),
        "editor": make_user(email="ed@example.org", role="editor", name="The Editor"),
    }


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
