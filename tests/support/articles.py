"""Articles for tests: the fixture texts, and saving one through the
service as the app would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factcheck.models.user import User
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

# A short wire story with four claims, for the claim-editing tests.
PORT_REOPENS = ("Port reopens after strike\n\n"
                "FELIXSTOWE (Reuters) - Britain's busiest container port reopened on Friday "
                "after a five-day strike, its operator said.\n\n"
                "The stoppage cost the port about $3 million a day, the Unite union said, "
                "citing internal figures.\n\n"
                "More than 40 ships waited off the coast. Shipping lines said the backlog "
                "would take a week to clear.")


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
