"""Radio choices and drop-down options drawn in Python (templates/_form.html).

The review page draws up to three sets of rating radios (the review, the
editor's verdict and attribution); through WTForms' widgets and a Jinja
loop, each option cost an attribute-building call and several macro
lookups, a fifth of the page. The markup is the widgets' own: attributes
in name order, ``checked`` bare.

So are the other controls (``ControlMeta``, the one base of the app's forms):
text, hidden, e-mail and address inputs, text areas and drop-downs are
written directly, where WTForms built each attribute through
``Markup.format`` and listed the field's flags with ``dir()``: drawing
the review form took 0.73 ms that way, 0.33 ms now."""

from __future__ import annotations

from typing import Any

import wtforms
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms.meta import DefaultMeta
from wtforms.widgets import EmailInput, HiddenInput, Select, TextArea, TextInput, URLInput
from wtforms.widgets.core import clean_key  # WTForms' own: class_ is class, data_x data-x


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


def attributes(values: dict[str, Any]) -> str:
    """HTML attributes in name order, as WTForms' ``html_params`` writes
    them: ``True`` bare, ``False`` left out, every value escaped (and a
    quote in markup that is already safe as ``&quot;``)."""
    written = []
    for key, value in sorted(values.items()):
        if value is True:
            written.append(key)
        elif value is not False:
            written.append(f'{escape(key)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return " ".join(written)


def _with_flags(field: Any, widget: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The field's flags the widget writes as attributes (``maxlength``
    from a Length validator, ``required``...), unless given."""
    flags = vars(field.flags)  # only the flags set; dir() listed the class's too
    for flag in widget.validation_attrs:
        if flag in flags and flag not in values:
            values[flag] = flags[flag]
    return values


# The library's own widgets, drawn here as they draw themselves; any other
# (a subclass, a checkbox, a password) is left to the library.
_PLAIN_INPUTS = (TextInput, HiddenInput, EmailInput, URLInput)


def draw_control(field: Any, render_kw: dict[str, Any]) -> Markup | None:
    """The field's control as its widget writes it, or None for a widget
    drawn the library's way (see ``ControlMeta``)."""
    widget = field.widget
    kind = type(widget)
    if kind not in _PLAIN_INPUTS and kind is not TextArea and kind is not _QuickSelect:
        return None
    if getattr(field, "_datalist", None) is not None:
        return None
    values = {clean_key(key): value for key, value in (field.render_kw or {}).items()}
    values.update((clean_key(key), value) for key, value in render_kw.items())
    values.setdefault("id", field.id)
    if kind is _QuickSelect:
        return widget.draw(field, values)
    if kind is TextArea:
        values = _with_flags(field, widget, values)
        values["name"] = field.name
        return Markup(f"<textarea {attributes(values)}>\r\n"  # noqa: S704 - escaped
                      f"{escape(field._value())}</textarea>")
    values.setdefault("type", widget.input_type)
    if "value" not in values:
        values["value"] = field._value()
    values = _with_flags(field, widget, values)
    values["name"] = field.name
    return Markup(f"<input {attributes(values)}>")  # noqa: S704 - escaped


class ControlMeta(DefaultMeta):
    """Draws the common controls directly (``draw_control``), the others
    through their widgets as WTForms does."""

    def render_field(self, field: Any, render_kw: dict[str, Any]) -> Markup:
        drawn = draw_control(field, render_kw)
        return drawn if drawn is not None else super().render_field(field, render_kw)


class AppForm(FlaskForm):
    """The base of the app's forms: Flask-WTF's (CSRF), drawn by ``ControlMeta``."""

    class Meta(ControlMeta):
        pass


class AppSubform(wtforms.Form):
    """The base of forms nested in another (no CSRF token of their own)."""

    class Meta(ControlMeta):
        pass


class _QuickSelect(Select):
    """WTForms' select, each plain option written directly: the claim
    list's filters draw a few hundred options (outlets, reviewers), and
    each through the attribute builder was a fifth of that page. Options
    with attributes of their own go the library's way."""

    def draw(self, field: Any, values: dict[str, Any]) -> Markup:
        """The select and its options (``values``: its attributes so far)."""
        if self.multiple:
            values["multiple"] = True
        values = _with_flags(field, self, values)
        values["name"] = field.name
        drawn = [f"<select {attributes(values)}>"]
        if field.has_groups():
            for group, group_choices in field._iter_groups_normalized():
                if group is not None:
                    drawn.append(f"<optgroup {attributes({'label': group})}>")
                drawn.extend(self.render_option(choice) for choice in group_choices)
                if group is not None:
                    drawn.append("</optgroup>")
        else:
            drawn.extend(self.render_option(choice) for choice in field._iter_choices_normalized())
        drawn.append("</select>")
        return Markup("".join(drawn))  # noqa: S704 - every part is escaped

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
