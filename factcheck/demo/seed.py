"""Demo data for a fresh installation: users, articles, and as features
land, reviews, verdicts and published reports, so every page has
something real to show. Loaded once; running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import sqlalchemy as sa

from factcheck.demo.reviews import load_demo_reviews
from factcheck.domain.roles import Role
from factcheck.models.user import User
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.errors import ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake import articles
from factcheck.services.intake.text_input import Draft
from factcheck.services.users import accounts as users


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    role: Role
    password: str


# Printed by 'factcheck demo'. Only for demo databases: never reuse these.
DEMO_USERS = (
    DemoLogin("editor@demo.factcheck", "Amara Okafor", Role.EDITOR, "amara-demo-desk-2026"),
    DemoLogin("checker@demo.factcheck", "Jonas Lindqvist", Role.CHECKER,
              "jonas-demo-desk-2026"),
    DemoLogin("checker2@demo.factcheck", "Priya Raman", Role.CHECKER,
              "priya-demo-desk-2026"),
    DemoLogin("admin@demo.factcheck", "Sam Whitfield", Role.ADMIN, "sam-demo-desk-2026"),
)


# Accounts the demo and its synthetic archive create; any other address is a
# real person, and a database with real people in it is not a demo.
DEMO_EMAIL_DOMAINS = ("@demo.factcheck", "@synthetic.factcheck")


def refuse_production(production: bool) -> None:
    if production:
        raise ValidationFailed(
            "factcheck demo refuses a production configuration (FACTCHECK_ENV=production): "
            "it adds accounts whose passwords are printed for anyone to read.")


def refuse_real_users(session: DbSession) -> None:
    """The demo's published logins never join a database real people use."""
    real = session.scalar(
        sa.select(User.email)
        .where(*(sa.not_(User.email.endswith(domain)) for domain in DEMO_EMAIL_DOMAINS))
        .order_by(User.id).limit(1))
    if real is not None:
        raise ValidationFailed(
            f"This database already has accounts that are not the demo's ({real}); "
            "factcheck demo only runs on a database of its own. Point "
            "FACTCHECK_DATABASE_URL (or FACTCHECK_INSTANCE_PATH) somewhere else.")


@dataclass
class DemoReport:
    already_loaded: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


def load_demo(session: DbSession, actor: SystemActor) -> DemoReport:
    first = DEMO_USERS[0].email
    if session.scalar(sa.select(User.id).where(User.email == first)) is not None:
        return DemoReport(already_loaded=True)
    report = DemoReport()
    people = {
        login.email: users.create_user(session, actor, email=login.email,
                                       display_name=login.name, role=login.role,
                                       password=login.password)
        for login in DEMO_USERS
    }
    report.counts["users"] = len(people)
    editor = people[DEMO_USERS[0].email]
    saved = [articles.create_article(session, editor, Draft(text=text)).article
             for text in demo_articles()]
    report.counts["articles"] = len(saved)
    report.counts["claims"] = sum(len(article.claims) for article in saved)
    checkers = [people[login.email] for login in DEMO_USERS if login.role is Role.CHECKER]
    report.counts["reviewed claims"] = load_demo_reviews(session, editor, checkers)
    return report


def demo_articles() -> list[str]:
    """The demo's wire stories: written for factcheck, not copied."""
    folder = resources.files("factcheck") / "demo_data"
    return [entry.read_text(encoding="utf-8")
            for entry in sorted(folder.iterdir(), key=lambda item: item.name)
            if entry.name.endswith(".txt")]
