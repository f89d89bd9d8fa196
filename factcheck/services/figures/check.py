"""``factcheck figures verify``: the counters against a fresh count; and
``rebuild``: the counters replaced by one."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.domain import figures
from factcheck.domain.roles import Permission
from factcheck.models import figure_upkeep
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.session import DbSession
from factcheck.services.figures.recount import recount, stored_sourcing_differences


@dataclass(frozen=True)
class Verification:
    counters: int  # how many counters were compared
    # key, maintained, recounted; then any claim whose stored sourcing
    # disagrees with its chains, under ("claim_sourcing", claim id, ...).
    differences: list[tuple[figures.Key, int, int]]

    @property
    def ok(self) -> bool:
        return not self.differences


def verify(session: DbSession, actor: Actor) -> Verification:
    """Run in one snapshot (the CLI asks for REPEATABLE READ on PostgreSQL)
    or changes committed between the two reads show as differences."""
    require(actor, Permission.VIEW_DASHBOARD)
    maintained = figure_upkeep.maintained(session.connection())
    recounted = recount(session)
    return Verification(len(set(maintained) | set(recounted)),
                        figures.differences(maintained, recounted)
                        + stored_sourcing_differences(session))


def rebuild(session: DbSession, actor: Actor) -> int:
    """Returns how many counters were written."""
    require(actor, Permission.MANAGE_USERS)
    return sum(1 for n in figure_upkeep.rebuild(session.connection()).values() if n)
