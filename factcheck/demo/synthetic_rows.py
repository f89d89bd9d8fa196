"""Building blocks of the synthetic archive (see demo.synthetic): the
vocabulary, id allocation, bulk inserts, reviewers and sources."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Role
from factcheck.domain.sources import SourceKind
from factcheck.models import (
    Article,
    Attribution,
    AttributionHop,
    Claim,
    Review,
    Source,
    User,
    Verdict,
)
from factcheck.services.core.session import DbSession
from factcheck.services.sources.registry import name_key
from factcheck.services.users.passwords import hash_password

BATCH = 5000
REVIEWERS = 20
EDITORS = 3  # of the reviewers; they also approve verdicts


def reviewer_email(number: int, seed: int) -> str:
    return f"reviewer{number:02d}.{seed}@synthetic.factcheck"


def marker(seed: int) -> str:
    """The first reviewer's address: present once an archive with this
    seed has been loaded."""
    return reviewer_email(1, seed)

OUTLETS = ("Harbour Gazette", "Northern Ledger", "Capital Wire", "Valley Courier",
           "Daily Meridian", "Coastline Post", "Metro Dispatch", "The Civic Record",
           "Plains Herald", "Riverside Times", "Evening Beacon", "Upland Chronicle")
SUBJECTS = ("the port authority", "the water board", "the transport ministry", "the city council",
            "regional hospitals", "the central bank", "the teachers' union", "grain exporters",
            "the energy regulator", "the housing agency", "local police", "the weather service")
VERBS = ("raised spending on", "cut", "reported a rise in", "reported a fall in", "doubled",
         "froze", "promised to review", "blamed delays on")
OBJECTS = ("maintenance", "staffing", "ticket prices", "reservoir levels", "waiting times",
           "rent controls", "vaccination rates", "fuel subsidies", "school budgets", "exports")
CUES = ("said", "according to", "told", "reported", "announced", "claimed")
ANONYMOUS = ("anonymous sources", "a person familiar with the matter",
             "officials who asked not to be named", "two people briefed on the talks")
RATINGS = list(TruthRating)
RATING_WEIGHTS = (18, 16, 14, 12, 14, 10, 10, 6)


class Ids:
    """Next free id per table, read once up front."""

    def __init__(self, session: DbSession) -> None:
        self._next = {model: (session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1
                      for model in (User, Source, Article, Claim, Attribution, AttributionHop,
                                    Review, Verdict)}

    def take(self, model: Any) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value


def insert_rows(session: DbSession, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(sa.insert(model.__table__), rows[start:start + BATCH])


def make_users(session: DbSession, ids: Ids, now: datetime, seed: int) -> list[dict[str, Any]]:
    # One hash for all: nobody signs in as a synthetic reviewer, and twenty
    # argon2 hashes would dominate a small load.
    password_hash = hash_password(hashlib.sha256(now.isoformat().encode()).hexdigest())
    rows = [{"id": ids.take(User), "email": reviewer_email(n, seed),
             "display_name": f"Synthetic Reviewer {n:02d}.{seed}",
             "role": (Role.EDITOR if n <= EDITORS else Role.CHECKER).value,
             "password_hash": password_hash, "active": True, "session_version": 1,
             "created_at": now - timedelta(days=400), "password_changed_at": now}
            for n in range(1, REVIEWERS + 1)]
    insert_rows(session, User, rows)
    return rows


def make_sources(session: DbSession, ids: Ids, rng: random.Random, now: datetime) -> list[
        tuple[int, bool]]:
    """(source id, is anonymous) for a few hundred sources, reusing any
    already registered under the same name."""
    names = [(name, SourceKind.ANONYMOUS) for name in ANONYMOUS]
    names += [(outlet, SourceKind.PUBLICATION) for outlet in OUTLETS]
    names += [(f"{subject.capitalize()} spokesperson", SourceKind.ORGANIZATION)
              for subject in SUBJECTS]
    names += [(f"{first} {last}", SourceKind.PERSON)
              for first in ("Ada", "Bram", "Chen", "Dara", "Elif", "Femi", "Greta", "Hugo",
                            "Ines", "Jun", "Kofi", "Lena", "Milo", "Nia", "Omar")
              for last in ("Ashby", "Brandt", "Castell", "Doyle", "Eriksen", "Farrow",
                           "Gallo", "Hale", "Iyer", "Jonsson", "Kerr", "Lund")]
    existing = dict(session.execute(sa.select(Source.name_key, Source.id)).all())
    result: list[tuple[int, bool]] = []
    rows = []
    for name, kind in names:
        key = name_key(name)
        if key in existing:
            result.append((existing[key], kind is SourceKind.ANONYMOUS))
            continue
        source_id = ids.take(Source)
        existing[key] = source_id
        rows.append({"id": source_id, "name": name, "name_key": key, "kind": kind.value,
                     "url": None, "notes": "", "created_at": now - timedelta(days=400),
                     "version": 1})
        result.append((source_id, kind is SourceKind.ANONYMOUS))
    insert_rows(session, Source, rows)
    rng.shuffle(result)
    return result


def pick_status(rng: random.Random, age_days: float) -> ClaimStatus:
    if rng.random() < 0.03:
        return ClaimStatus.NOT_A_CLAIM
    done = 0.92 if age_days > 30 else 0.5 if age_days > 7 else 0.1
    if rng.random() < done:
        return ClaimStatus.PUBLISHED
    return rng.choice((ClaimStatus.NEW, ClaimStatus.NEW, ClaimStatus.IN_REVIEW,
                       ClaimStatus.IN_REVIEW, ClaimStatus.REVIEWED, ClaimStatus.DISPUTED,
                       ClaimStatus.APPROVED))


def reviewed_rating(rng: random.Random, truth: TruthRating, skill: float) -> TruthRating:
    if rng.random() < skill:
        return truth
    index = RATINGS.index(truth) + rng.choice((-1, 1))
    return RATINGS[min(max(index, 0), len(RATINGS) - 1)]
