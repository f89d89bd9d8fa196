"""Geometry for the dashboard's server-side SVG charts. Pure numbers: the
template draws the rectangles and adds the links; nothing here knows about
HTML or URLs, so it is easy to test and to reuse in reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChartItem:
    key: str  # what the template links on (a rating, a week, an outlet)
    label: str
    value: float
    css_class: str = ""


@dataclass(frozen=True)
class Bar:
    item: ChartItem
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str  # "rows" (horizontal bars) or "columns" (vertical bars)
    width: int
    height: int
    bars: list[Bar]
    max_value: float

    @property
    def empty(self) -> bool:
        return not any(bar.item.value for bar in self.bars)


def _scale(value: float, maximum: float, length: float) -> float:
    return round(length * value / maximum, 1) if maximum > 0 else 0.0


def row_chart(title: str, items: Sequence[ChartItem], *, width: int = 420,
              row_height: int = 22, label_width: int = 130) -> Chart:
    """One horizontal bar per item, labels on the left, value at the bar's end."""
    maximum = max((item.value for item in items), default=0)
    track = width - label_width - 50  # room for the value after the bar
    bars = []
    for index, item in enumerate(items):
        y = index * row_height + 2
        length = _scale(item.value, maximum, track)
        bars.append(Bar(item, label_width, y, length, row_height - 6,
                        label_width + length + 4, y + row_height - 10))
    return Chart(title, "rows", width, max(len(items), 1) * row_height + 4, bars, maximum)


def column_chart(title: str, items: Sequence[ChartItem], *, width: int = 560,
                 height: int = 160, axis: int = 18) -> Chart:
    """One vertical bar per item (weeks, oldest first); the axis labels
    every few bars so they do not overlap."""
    maximum = max((item.value for item in items), default=0)
    slot = width / max(len(items), 1)
    plot = height - axis
    bars = []
    for index, item in enumerate(items):
        bar_height = _scale(item.value, maximum, plot - 4)
        x = round(index * slot + 1, 1)
        bars.append(Bar(item, x, round(plot - bar_height, 1), round(max(slot - 2, 1), 1),
                        bar_height, x, height - 4))
    return Chart(title, "columns", width, height, bars, maximum)


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float


def stacked_bar(parts: Sequence[tuple[str, str, int]], *, width: int = 200) -> list[Segment]:
    """A single bar split into parts (claims of one article by status)."""
    total = sum(value for _, _, value in parts)
    segments: list[Segment] = []
    x = 0.0
    for key, label, value in parts:
        if value <= 0:
            continue
        length = _scale(value, total, width)
        segments.append(Segment(key, label, value, round(x, 1), length))
        x += length
    return segments


def label_every(count: int, room: int = 12) -> int:
    """Label every n-th column so at most ``room`` labels show."""
    return max(1, -(-count // room))
