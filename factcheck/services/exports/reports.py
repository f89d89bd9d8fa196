"""The article verdict report: what an editor prints or sends. One model
of it feeds the HTML page, the PDF and the Markdown file."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import RATING_SCALE, TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.safe_markdown import md, md_link
from factcheck.domain.sources import SourceKind
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.correction import Correction
from factcheck.models.review import Evidence, Review
from factcheck.models.verdict import Verdict
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import NotFound
from factcheck.services.core.session import DbSession
from factcheck.services.revisions import stale


class ReportFormat(enum.StrEnum):
    PDF = "pdf"
    MARKDOWN = "md"


@dataclass(frozen=True)
class ReportHop:
    name: str
    kind: SourceKind
    cue: str | None = None
    hedges: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportEntry:
    """One claim as the report shows it. A claim with a verdict shows the
    verdict's snapshot (the text and chains it judged), never the claim as
    it has been edited since."""

    claim: Claim
    verdict: Verdict | None
    text: str
    chains: list[list[ReportHop]]
    evidence: list[Evidence]
    corrections: list[Correction]
    # Set while the article changed under this claim and no editor has yet
    # confirmed or reopened its verdict: the report says so.
    article_changed_on: datetime | None = None


def _as_decided(claim: Claim, verdict: Verdict | None) -> tuple[str, list[list[ReportHop]]]:
    if verdict is not None and verdict.has_snapshot:
        return verdict.claim_text or "", [[ReportHop(name, kind) for name, kind in chain]
                                          for chain in verdict.chains]
    return claim.text, [[ReportHop(hop.source.name, hop.source.kind, hop.cue,
                                   tuple(hop.hedge_list)) for hop in attribution.hops]
                        for attribution in claim.attributions]


@dataclass(frozen=True)
class ArticleReport:
    article: Article
    entries: list[ReportEntry]
    rating_counts: list[tuple[TruthRating, int]]
    without_verdict: int
    corrections: list[Correction]
    generated_at: datetime

    @property
    def filename_stem(self) -> str:
        # Letters of any script are kept: the download header carries the
        # UTF-8 name (RFC 6266), with an ASCII fallback for old clients.
        slug = re.sub(r"[^\w]+", "-", self.article.title.lower()).strip("-")[:60]
        return f"verdict-report-{self.article.id}" + (f"-{slug}" if slug else "")


def _evidence(claim: Claim) -> list[Evidence]:
    """Evidence from submitted reviews, each source once, for decided claims
    only: until then the reviews are blind (and not the desk's word yet)."""
    seen: set[tuple[str, str]] = set()
    found: list[Evidence] = []
    if not claim.verdicts:
        return found
    for review in claim.reviews:
        if review.submitted_at is None:
            continue
        for item in review.evidence:
            key = (item.url.strip(), item.title.strip())
            if key not in seen:
                seen.add(key)
                found.append(item)
    return found


def article_report(session: DbSession, actor: Actor, article_id: int) -> ArticleReport:
    require(actor, Permission.EXPORT_REPORTS)
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound("No such article.")
    claims = session.scalars(
        sa.select(Claim).where(Claim.article_id == article_id,
                               Claim.status != ClaimStatus.NOT_A_CLAIM)
        .order_by(Claim.start).options(
            selectinload(Claim.attributions).selectinload(Attribution.hops)
            .selectinload(AttributionHop.source),
            selectinload(Claim.reviews).selectinload(Review.evidence),
            selectinload(Claim.verdicts),
        )
    ).all()
    corrections = session.scalars(
        sa.select(Correction).join(Claim, Claim.id == Correction.claim_id)
        .where(Claim.article_id == article_id)
        .order_by(Correction.created_at, Correction.id)
    ).all()
    by_claim: dict[int, list[Correction]] = {}
    for correction in corrections:
        by_claim.setdefault(correction.claim_id, []).append(correction)
    changed_on = stale.open_changes(session, [claim.id for claim in claims])
    entries = [ReportEntry(claim, claim.current_verdict,
                           *_as_decided(claim, claim.current_verdict), _evidence(claim),
                           by_claim.get(claim.id, []), changed_on.get(claim.id))
               for claim in claims]
    counts = {rating: 0 for rating in RATING_SCALE}
    for entry in entries:
        if entry.verdict is not None:
            counts[entry.verdict.rating] += 1
    return ArticleReport(
        article=article, entries=entries,
        rating_counts=[(rating, count) for rating, count in counts.items() if count],
        without_verdict=sum(1 for entry in entries if entry.verdict is None),
        corrections=list(corrections), generated_at=datetime.now(UTC),
    )


def export_report(session: DbSession, actor: Actor, article_id: int,
                  fmt: ReportFormat) -> ArticleReport:
    """The report, for a file that leaves the building: audited like any
    other export."""
    report = article_report(session, actor, article_id)
    record_export(session, actor, report, fmt)
    return report


def record_export(session: DbSession, actor: Actor, report: ArticleReport,
                  fmt: ReportFormat) -> None:
    """The audit event of a report that leaves the building (a report made
    in the background is read apart from the transaction that records it)."""
    require(actor, Permission.EXPORT_REPORTS)
    audit.record(session, actor, AuditAction.EXPORT_CREATED, "export", None,
                 after={"format": fmt.value, "filters": {"article_id": report.article.id},
                        "rows": len(report.entries)})


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def _entry_markdown(number: int, entry: ReportEntry) -> list[str]:
    claim, verdict = entry.claim, entry.verdict
    lines = [f"### Claim {number}", "", f"> {md(entry.text)}", "",
             f"- Status: {claim.status.label}"]
    if verdict is not None:
        state = (f"published {_date(verdict.published_at)}" if verdict.published_at
                 else f"approved {_date(verdict.approved_at)}, not yet published")
        lines.append(f"- Verdict: **{verdict.rating.label}** ({state})")
    else:
        lines.append("- Verdict: none yet")
    for hops in entry.chains:
        lines.append(f"- Rests on: {' › '.join(md(hop.name) for hop in hops)}")
    if not entry.chains:
        lines.append("- Rests on: the article itself")
    if verdict is not None and verdict.public_rationale:
        lines += ["", md(verdict.public_rationale)]
    if entry.evidence:
        lines += ["", "Evidence:"]
        for item in entry.evidence:
            # Reviewers' notes stay in the house: only what the item is.
            title = md(item.title or item.url or "untitled")
            where = f" {md_link(item.url)}" if md_link(item.url) else ""
            lines.append(f"- {item.stance.label}: {title}{where}")
    return [*lines, ""]


def report_markdown(report: ArticleReport) -> str:
    article = report.article
    lines = [f"# Verdict report: {md(article.title)}", ""]
    for label, value in (("Outlet", article.outlet), ("Byline", article.byline),
                         ("Published", article.published_on.isoformat()
                          if article.published_on else None),
                         ("Address", article.url)):
        shown = md_link(value) if label == "Address" else md(value)
        if shown:
            lines.append(f"- {label}: {shown}")
    lines += [f"- Report generated: {report.generated_at:%Y-%m-%d %H:%M} UTC", "",
              "## Summary", "", "| Rating | Claims |", "|---|---|"]
    lines += [f"| {rating.label} | {count} |" for rating, count in report.rating_counts]
    lines += [f"| No verdict yet | {report.without_verdict} |", "", "## Claims", ""]
    for number, entry in enumerate(report.entries, start=1):
        lines += _entry_markdown(number, entry)
    if report.corrections:
        lines += ["## Corrections", ""]
        for correction in report.corrections:
            change = ""
            if correction.previous_rating or correction.new_rating:
                before = correction.previous_rating.label if correction.previous_rating else "—"
                after = correction.new_rating.label if correction.new_rating else "—"
                change = f" ({before} → {after})"
            # The public note only: ``note`` is the editor's internal reason.
            public = f": {md(correction.public_note)}" if correction.public_note else ""
            lines.append(f"- {_date(correction.created_at)}: {correction.kind.label}{change}"
                         f"{public}")
        lines.append("")
    return "\n".join(lines)
