"""Bounds on what a person may type for a date or an id: far beyond any
real value, yet inside what Python's dates and the database's integers can
hold. A day near the end of the calendar used to overflow ``day + 1`` deep
inside a query and answer 500; now it is refused with this message."""

from __future__ import annotations

from datetime import date

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
DAY_RANGE_MESSAGE = (f"Dates must be between {EARLIEST_DAY.isoformat()} and "
                     f"{LATEST_DAY.isoformat()}.")

# Ids are 32-bit integers on PostgreSQL; a larger one names nothing.
MAX_ID = 2**31 - 1


class DayOutOfRange(ValueError):
    """A real date, but not one this application has any use for."""

    def __init__(self) -> None:
        super().__init__(DAY_RANGE_MESSAGE)


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def checked_day(day: date | None) -> date | None:
    """``day`` itself, or DayOutOfRange when it is outside the bounds."""
    if day is not None and not day_in_range(day):
        raise DayOutOfRange()
    return day


def id_in_range(value: int) -> bool:
    return 0 < value <= MAX_ID
