"""Radio choices and drop-down options drawn in Python (templates/_form.html).

The review page draws up to three sets of rating radios (the review, the
editor's verdict and attribution); through WTForms' widgets and a Jinja
loop, each option cost an attribute-building call and several macro
lookups, a fifth of the page. The markup is the widgets' own: attributes
in name order, ``checked`` bare."""

from __future__ import annotations

from typing import Any

import wtforms
from markupsafe import Markup, escape
from wtforms.widgets import Select


def _input(option: Any, key: str | None) -> str:
    checked = "checked " if option.checked else ""
    data_key = f'data-key="{escape(key)}" ' if key else ""
    return (f'<input {checked}{data_key}id="{escape(option.id)}" name="{escape(option.name)}" '
            f'type="radio" value="{escape(option._value())}">')  # what WTForms' widget writes


def radio_choices(field: Any, shortcuts: str = "", rated: bool = False) -> Markup:
    """The options of a RadioField, each in its label: with ``shortcuts``
    the n-th option gets the n-th key (``data-key`` and a ``<kbd>``), with
    ``rated`` a ``rating-VALUE`` class for its colour."""
    rows: list[str] = []
    for index, option in enumerate(field):
        key = shortcuts[index] if index < len(shortcuts) else None
        css = f" rating-{escape(option.data)}" if rated else ""
        control = f"{_input(option, key)} <kbd>{escape(key)}</kbd>" if key else _input(option, None)
        rows.append(f'<label class="rating-option{css}">{control} '
                    f"{escape(option.label.text)}</label>\n")
    return Markup("".join(rows))  # noqa: S704 - every value is escaped above


class _QuickSelect(Select):
    """WTForms' select, each plain option written directly: the claim
    list's filters draw a few hundred options (outlets, reviewers), and
    each through the attribute builder was a fifth of that page. Options
    with attributes of their own go the library's way."""

    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        chosen = "selected " if choice.selected else ""
        return Markup(f'<option {chosen}value="{escape(value)}">'  # noqa: S704 - escaped
                      f"{escape(choice.label or choice.value)}</option>")


class SelectField(wtforms.SelectField):
    """The app's drop-down: WTForms' own, drawn by ``_QuickSelect``."""

    widget = _QuickSelect()
