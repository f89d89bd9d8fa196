"""A synthetic archive for load testing: ``factcheck demo --synthetic N``
makes about N claims over a year, in N/50 articles, with sources and chains,
1.5 reviews a claim by 20 reviewers, and verdicts, so the dashboard and
lists can be measured at a realistic size.

Rows go in with bulk INSERTs in batches (the ORM's unit of work would take
minutes); ids are assigned here so children can point at parents without a
round trip. One audit event records the load as a whole: auditing each of
half a million generated rows would only bury the real trail.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from factcheck.demo.synthetic_rows import (
    BATCH,
    CUES,
    EDITORS,
    OBJECTS,
    OUTLETS,
    RATING_WEIGHTS,
    RATINGS,
    SUBJECTS,
    VERBS,
    Ids,
    insert_rows,
    make_sources,
    make_users,
    marker,
    pick_status,
    reviewed_rating,
)
from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import AttributionRating, TruthRating
from factcheck.domain.sources import SourceKind, sourcing_of
from factcheck.models import (
    Article,
    Attribution,
    AttributionHop,
    Claim,
    Review,
    User,
    Verdict,
    figure_upkeep,
)
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import SystemActor
from factcheck.services.core.session import DbSession


@dataclass
class SyntheticReport:
    already_loaded: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


class _Archive:
    """Builds rows article by article and writes them out in batches."""

    def __init__(self, session: DbSession, rng: random.Random, now: datetime,
                 seed: int) -> None:
        self.session, self.rng, self.now = session, rng, now
        self.ids = Ids(session)
        people = make_users(session, self.ids, now, seed)
        self.reviewers = [(row["id"], 0.6 + 0.35 * rng.random()) for row in people]
        self.editors = [row["id"] for row in people[:EDITORS]]
        self.sources = make_sources(session, self.ids, rng, now)
        self.anonymous = [source_id for source_id, anonymous in self.sources if anonymous]
        self.unnamed = set(self.anonymous)
        self.rows: dict[Any, list[dict[str, Any]]] = {model: [] for model in (
            Article, Claim, Attribution, AttributionHop, Review, Verdict)}
        self.counts = {"users": len(people), "sources": len(self.sources)}

    def flush(self) -> None:
        for model, rows in self.rows.items():
            insert_rows(self.session, model, rows)
            name = model.__tablename__
            self.counts[name] = self.counts.get(name, 0) + len(rows)
            rows.clear()

    def article(self, number: int, claims: int) -> None:
        rng = self.rng
        added = self.now - timedelta(days=365 * rng.random())
        outlet = OUTLETS[int(rng.triangular(0, len(OUTLETS), 0))]
        title = f"{rng.choice(SUBJECTS).capitalize()} under scrutiny, report {number}"
        parts = [title, ""]
        offset = len(title) + 2
        spans = []
        for _ in range(claims):
            sentence = (f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} "
                        f"{rng.choice(OBJECTS)} by {rng.randint(2, 60)} percent last year.")
            spans.append((offset, sentence))
            parts.append(sentence)
            offset += len(sentence) + 1
        body = "\n".join(parts)
        article_id = self.ids.take(Article)
        self.rows[Article].append({
            "id": article_id, "title": title, "outlet": outlet, "byline": "Synthetic Desk",
            "url": None, "published_on": (added - timedelta(days=rng.randint(0, 1))).date(),
            "body": body, "content_hash": hashlib.sha256(body.encode()).hexdigest(),
            "added_by_id": self.editors[0], "added_at": added})
        for start, sentence in spans:
            created = added + timedelta(minutes=rng.randint(0, 90))
            self.claim(article_id, start, sentence, created)
        if len(self.rows[Claim]) >= BATCH:
            self.flush()

    def claim(self, article_id: int, start: int, text: str, created: datetime) -> None:
        rng = self.rng
        age_days = (self.now - created).total_seconds() / 86400
        status = pick_status(rng, age_days)
        claim_id = self.ids.take(Claim)
        assignee = None
        if status in (ClaimStatus.NEW, ClaimStatus.IN_REVIEW) and rng.random() < 0.6:
            assignee = rng.choice(self.reviewers)[0]
        row = {
            "id": claim_id, "article_id": article_id, "text": text, "start": start,
            "end": start + len(text), "prefix": "", "suffix": "",
            "kind": rng.choice((ClaimKind.FACTUAL, ClaimKind.STATISTICAL)).value,
            "checkworthiness": round(rng.random(), 3), "status": status.value,
            "assignee_id": assignee, "created_at": created, "updated_at": created,
            "version": 1}
        self.rows[Claim].append(row)
        # Bulk rows bypass the flush hooks that keep a claim's sourcing:
        # set here from the chains just made (rebuild would repair it, at
        # the cost of rewriting most rows).
        sourcing, anonymous = sourcing_of(self.attributions(claim_id))
        row.update(sourcing=sourcing.value, rests_on_anonymous=anonymous)
        truth = rng.choices(RATINGS, RATING_WEIGHTS)[0]
        ratings = self.reviews(claim_id, status, truth, created)
        if status in (ClaimStatus.APPROVED, ClaimStatus.PUBLISHED):
            self.verdicts(claim_id, text, status, ratings[0] if ratings else truth, created)

    def attributions(self, claim_id: int) -> list[tuple[int, SourceKind]]:
        """Makes the claim's chains; returns their hops (source id, kind)."""
        rng = self.rng
        hops_made: list[tuple[int, SourceKind]] = []
        chains = rng.choices((0, 1, 2), (15, 70, 15))[0]
        for position in range(chains):
            attribution_id = self.ids.take(Attribution)
            self.rows[Attribution].append({"id": attribution_id, "claim_id": claim_id,
                                           "position": position})
            hops = rng.choices((1, 2, 3), (70, 25, 5))[0]
            chain = [source_id for source_id, _ in rng.sample(self.sources, hops)]
            if rng.random() < 0.12:  # the chain ends in someone unnamed
                unnamed = rng.choice(self.anonymous)
                chain = [*[sid for sid in chain[:-1] if sid != unnamed], unnamed]
            for index, source_id in enumerate(chain):
                hops_made.append((source_id, SourceKind.ANONYMOUS if source_id in self.unnamed
                                  else SourceKind.UNKNOWN))
                self.rows[AttributionHop].append({
                    "id": self.ids.take(AttributionHop), "attribution_id": attribution_id,
                    "position": index, "source_id": source_id, "cue": rng.choice(CUES),
                    "mention_start": None, "mention_end": None,
                    "hedges": "reportedly" if rng.random() < 0.1 else "", "inherited": False})
        return hops_made

    def reviews(self, claim_id: int, status: ClaimStatus, truth: TruthRating,
                created: datetime) -> list[TruthRating]:
        """Two submitted reviews once reviewed; one (and maybe a draft) while
        in review. Returns the submitted truth ratings."""
        rng = self.rng
        if status in (ClaimStatus.NEW, ClaimStatus.NOT_A_CLAIM):
            return []
        # Most decisions rest on two reviews; some, made before the desk
        # required two, on one.
        submitted = 1 if status is ClaimStatus.IN_REVIEW or rng.random() < 0.3 else 2
        drafts = 1 if status is ClaimStatus.IN_REVIEW and rng.random() < 0.5 else 0
        people = rng.sample(self.reviewers, submitted + drafts)
        ratings: list[TruthRating] = []
        attribution_truth = rng.choices(list(AttributionRating), (85, 8, 7))[0]
        for index, (reviewer_id, skill) in enumerate(people):
            rating = reviewed_rating(rng, truth, skill)
            if status is ClaimStatus.REVIEWED and ratings:
                rating = ratings[0]  # "reviewed" means they agreed
            done = index < submitted
            when = min(created + timedelta(hours=rng.uniform(2, 24 * 6)), self.now)
            attribution = (attribution_truth if rng.random() < 0.9 or status is ClaimStatus.REVIEWED
                           else rng.choice(list(AttributionRating)))
            self.rows[Review].append({
                "id": self.ids.take(Review), "claim_id": claim_id, "reviewer_id": reviewer_id,
                "truth_rating": rating.value if done else None,
                "attribution_rating": attribution.value if done else None,
                "rationale": "Checked against the published figures." if done else "",
                "created_at": created, "updated_at": when,
                "submitted_at": when if done else None, "version": 1})
            if done:
                ratings.append(rating)
        return ratings

    def verdicts(self, claim_id: int, text: str, status: ClaimStatus, rating: TruthRating,
                 created: datetime) -> None:
        rng = self.rng
        approved = min(created + timedelta(days=rng.lognormvariate(1.2, 0.7)), self.now)
        superseded = None
        if rng.random() < 0.02:  # a few corrected verdicts, so "current" matters
            superseded = self.ids.take(Verdict)
            self.rows[Verdict].append(self._verdict(superseded, claim_id, text,
                                                    rng.choice(RATINGS), approved, approved,
                                                    None))
            approved = min(approved + timedelta(days=2), self.now)
        published = (min(approved + timedelta(hours=rng.uniform(1, 30)), self.now)
                     if status is ClaimStatus.PUBLISHED else None)
        self.rows[Verdict].append(self._verdict(self.ids.take(Verdict), claim_id, text, rating,
                                                approved, published, superseded))

    def _verdict(self, verdict_id: int, claim_id: int, text: str, rating: TruthRating,
                 approved: datetime, published: datetime | None,
                 supersedes: int | None) -> dict[str, Any]:
        # With the snapshot an approval freezes (the claim as judged), so
        # published synthetic verdicts have public pages like real ones.
        return {"id": verdict_id, "claim_id": claim_id, "rating": rating.value,
                "claim_text": text, "attribution_rating": "accurate", "chains_json": "[]",
                "claimant": None, "claimant_kind": None,
                "public_rationale": "Compared with the official figures.",
                "approved_by_id": self.rng.choice(self.editors), "approved_at": approved,
                "published_at": published, "supersedes_id": supersedes,
                "correction_note": "Corrected after new figures." if supersedes else ""}


def _sizes(rng: random.Random, claims: int) -> Sequence[int]:
    """Claims per article: about fifty, varying, adding up to ``claims``."""
    articles = max(1, round(claims / 50))
    sizes = [max(1, int(rng.triangular(10, 90, 50))) for _ in range(articles)]
    scale = claims / sum(sizes)
    sizes = [max(1, round(size * scale)) for size in sizes]
    sizes[-1] = max(1, sizes[-1] + claims - sum(sizes))
    return sizes


def _advance_sequences(session: DbSession) -> None:
    """Ids were given explicitly; PostgreSQL's sequences must catch up."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("users", "sources", "articles", "claims", "attributions",
                  "attribution_hops", "reviews", "verdicts"):
        session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed names
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def load_synthetic(session: DbSession, actor: SystemActor, claims: int,
                   seed: int = 2026) -> SyntheticReport:
    """Add a synthetic archive of about ``claims`` claims; once only."""
    if session.scalar(sa.select(User.id).where(User.email == marker(seed))) is not None:
        return SyntheticReport(already_loaded=True)
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = datetime.now(UTC)
    archive = _Archive(session, rng, now, seed)
    for number, size in enumerate(_sizes(rng, max(claims, 1)), start=1):
        archive.article(number, size)
    archive.flush()
    _advance_sequences(session)
    # Bulk inserts bypass the flush hooks that keep the figures current.
    figure_upkeep.rebuild(session.connection())
    # A bulk load leaves the planner's statistics describing the tables as
    # they were before; until autovacuum notices, PostgreSQL picks plans for
    # a few hundred rows. Refresh them now (allowed inside a transaction).
    for table in ("articles", "claims", "attributions", "attribution_hops", "reviews",
                  "verdicts", "sources"):
        session.execute(sa.text(f"ANALYZE {table}"))
    audit.record(session, actor, AuditAction.SYNTHETIC_ARCHIVE_LOADED, "synthetic_archive",
                 after={"seed": seed, **archive.counts})
    return SyntheticReport(counts=archive.counts)
