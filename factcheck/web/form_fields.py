"""Radio choices drawn in Python for ``render_field`` (templates/_form.html).

The review page draws up to three sets of rating radios (the review, the
editor's verdict and attribution); through WTForms' widgets and a Jinja
loop, each option cost an attribute-building call and several macro
lookups, a fifth of the page. The markup is the widgets' own: attributes
in name order, ``checked`` bare."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


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
