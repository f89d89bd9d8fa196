"""Option types the commands share."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from factcheck.domain.bounds import DAY_RANGE_MESSAGE, day_in_range


class Day(click.ParamType):
    """YYYY-MM-DD within the application's bounds (9999-12-31 is refused
    here, not overflowed later)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD).", param, ctx)
        if not day_in_range(day):
            self.fail(DAY_RANGE_MESSAGE, param, ctx)
        return day


DAY = Day()
