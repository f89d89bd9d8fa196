"""The admins' view of the queue: how many jobs are in each state, and one
page of the jobs in a state (newest first)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from factcheck.domain.jobs import JobStatus
from factcheck.domain.roles import Permission
from factcheck.models.job import Job
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.pages import Page, paginate
from factcheck.services.core.session import DbSession

PER_PAGE = 50


@dataclass(frozen=True)
class QueueStatus:
    counts: dict[JobStatus, int]
    shown: JobStatus
    jobs: Page[Job]


def queue_status(session: DbSession, actor: Actor, shown: JobStatus = JobStatus.FAILED,
                 page: int = 1) -> QueueStatus:
    """Two statements whatever the page: the counts, and the page."""
    require(actor, Permission.MANAGE_JOBS)
    counted = {status: count for status, count in session.execute(
        sa.select(Job.status, sa.func.count()).group_by(Job.status))}
    counts = {status: int(counted.get(status, 0)) for status in JobStatus}
    # Waiting and running jobs in the order they will run or started;
    # finished ones newest first.
    order = ((Job.run_after, Job.id) if shown is JobStatus.QUEUED
             else (Job.started_at.desc(), Job.id.desc()) if shown is JobStatus.RUNNING
             else (Job.finished_at.desc(), Job.id.desc()))
    jobs = paginate(session, sa.select(Job).where(Job.status == shown).order_by(*order),
                    page, PER_PAGE)
    return QueueStatus(counts, shown, jobs)
