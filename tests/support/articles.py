"""Articles for tests: the fixture texts, and saving one through the
service as the app would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factcheck.models.user import User
from factcheck.services import articles
from factcheck.services.text_input import Draft

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def acting(session: Any, user: User) -> User:
    """The user as a row of this session (fixtures hand back detached copies)."""
    found = session.get(User, user.id)
    assert found is not None
    return found


def save_article(session: Any, actor: Any, text: str, **details: Any) -> articles.Saved:
    saved = articles.create_article(session, actor, Draft(text=text, **details))
    session.commit()
    return saved
