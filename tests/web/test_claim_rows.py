"""The article page's claim rows, built in Python: the same text the Jinja
filter would show, every piece escaped, each badge where a reader looks."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from factcheck.web.claim_rows import truncated

_JINJA = jinja2.Environment(autoescape=True)


@pytest.mark.parametrize("text", [
    "",
    "Short claim.",
    "word " * 28,                      # exactly at the length
    "word " * 29,                      # within the leeway: kept whole
    "The ministry said exports of refined copper rose by a fifth in the quarter, "
    "the steepest rise since the smelter at the northern port reopened after the strike "
    "that closed it for most of last year.",
    "x" * 300,                         # one long word: nothing to cut at
    "a " * 100,
])
def test_truncated_shows_what_the_jinja_filter_showed(app, text: str) -> None:
    expected = _JINJA.from_string("{{ t | truncate(140) }}").render(t=text)
    with app.app_context():
        assert str(Markup.escape(truncated(text, 140))) == expected
