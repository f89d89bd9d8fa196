"""``factcheck webhooks deliver``: send the webhook deliveries that are due
(run it from cron every minute, or keep it running with ``--loop``). Any
number of these may run at once, on any machine: each claims its own rows."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.config import settings_of
from factcheck.extensions import db
from factcheck.models.types import utcnow
from factcheck.services.webhooks import delivery

# Replaced in tests, which move a clock instead of sleeping.
NOW: Callable[[], datetime] = utcnow
SLEEP: Callable[[float], None] = time.sleep


@click.group("webhooks", cls=AppGroup, help="Webhook deliveries.")
def webhooks_group() -> None:
    pass


@webhooks_group.command("deliver")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000),
              help="Deliveries claimed at a time.")
@click.option("--loop", is_flag=True, help="Keep going: wait for new deliveries when none "
              "are due.")
@click.option("--idle", default=2.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="With --loop, seconds to wait when nothing is due.")
@click.option("--rounds", default=0, type=click.IntRange(0), hidden=True,
              help="With --loop, stop after this many rounds (tests).")
def deliver_command(limit: int, loop: bool, idle: float, rounds: int) -> None:
    """Send every due delivery (signed, with retries on failure) and print
    one line per delivery."""
    policy = delivery.delivery_policy(settings_of(current_app.config))
    done = 0
    while True:
        results = delivery.deliver_due(db.session, NOW(), limit, policy=policy)
        for result in results:
            line = f"delivery {result.delivery_id}: {result.outcome.value}"
            if result.status_code is not None:
                line += f" (HTTP {result.status_code})"
            if result.error:
                line += f": {result.error}"
            if result.next_attempt_at is not None:
                line += f"; next attempt {result.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
            click.echo(line)
        done += 1
        if not loop:
            counts = Counter(result.outcome.value for result in results)
            click.echo(", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
                       or "nothing due")
            return
        if rounds and done >= rounds:
            return
        if len(results) < limit:
            SLEEP(idle)
