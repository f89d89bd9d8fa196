"""``factcheck demo --synthetic N``: a synthetic archive on top of the demo,
recorded as one audit event, loaded once."""

from __future__ import annotations

import sqlalchemy as sa

from factcheck.extensions import db
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim


def test_demo_adds_a_synthetic_archive_once(fresh_app):
    runner = fresh_app.test_cli_runner()
    first = runner.invoke(args=["demo", "--no-serve", "--synthetic", "250"])
    assert first.exit_code == 0, first.output
    assert "Added a synthetic archive: 20 users" in first.output
    with fresh_app.app_context():
        synthetic = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.entity_type == "synthetic_archive")).all()
        claims = db.session.scalar(sa.select(sa.func.count()).select_from(Claim))
    assert len(synthetic) == 1
    assert claims >= 250
    second = runner.invoke(args=["demo", "--no-serve", "--synthetic", "250"])
    assert "Synthetic archive already present." in second.output
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    assert runner.invoke(args=["demo", "--no-serve", "--synthetic", "0"]).exit_code != 0


def test_synthetic_published_verdicts_have_public_pages(fresh_app):
    """Their verdicts carry the snapshot an approval freezes, so the public
    fact-check pages (and the benchmarks that read them) see them."""
    from factcheck.domain.claims import ClaimStatus

    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["demo", "--no-serve", "--synthetic", "400"]).exit_code == 0
    with fresh_app.app_context():
        published = db.session.scalars(sa.select(Claim.id).where(
            Claim.status == ClaimStatus.PUBLISHED, Claim.text.like("% percent last year."))
            .limit(3)).all()
    assert published
    client = fresh_app.test_client()
    for claim_id in published:
        page = client.get(f"/fact-checks/{claim_id}")
        assert page.status_code == 200
        assert "percent last year." in page.get_data(as_text=True)
