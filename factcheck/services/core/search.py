"""Search boxes: "contains this text", case-insensitive, with the user's
%, _ and backslash taken literally rather than as LIKE wildcards."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def contains_text(column: Any, text: str) -> sa.ColumnElement[bool]:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")
