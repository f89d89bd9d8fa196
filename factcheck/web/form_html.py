"""One form field's markup, built in Python (templates/_form.html).

Every form in the app is drawn field by field; as a Jinja macro with a
branch per field type each field cost a macro call (its arguments bound,
its output joined as Markup) on top of the field's own widget, and the
review page draws a dozen fields on every visit. The markup is the macro's
own: the type decides the wrapper, errors and help text follow the
control."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from factcheck.web.form_fields import radio_choices


def form_field(field: Any, **options: Any) -> Markup:
    """``field`` with its label, help and errors. ``options`` go to the
    control (``autofocus``); a RadioField takes ``shortcuts`` (one key per
    option) and ``rated`` (rating colours) instead."""
    kind = field.type
    if kind in ("HiddenField", "CSRFTokenField"):
        return field()
    if kind == "SubmitField":  # the form's own button stands for it
        return Markup("")
    if kind == "FieldList":
        return _field_list(field)
    wrong = " has-error" if field.errors else ""
    if kind == "RadioField":
        choices = radio_choices(field, options.get("shortcuts", ""), options.get("rated", False))
        return Markup(  # noqa: S704 - every value is escaped or already markup
            f'<fieldset class="rating-choices{wrong}" id="{escape(field.id)}-choices">'
            f"<legend>{_legend(field)}</legend>{choices}{_errors(field)}</fieldset>")
    if kind == "SelectMultipleField":
        boxes = "".join(f'<label class="check-option">{option()} {escape(option.label.text)}'
                        "</label>" for option in field)
        return Markup(  # noqa: S704 - every value is escaped or already markup
            f'<fieldset class="check-choices{wrong}" id="{escape(field.id)}-choices">'
            f"<legend>{_legend(field)}</legend>{boxes}{_errors(field)}</fieldset>")
    if kind == "BooleanField":
        return Markup(  # noqa: S704 - every value is escaped or already markup
            f'<div class="field field-check{wrong}">{field(**options)} {field.label()}'
            f"{_errors(field)}</div>")
    if field.errors:
        # The message is tied to the control, so a screen reader reads it there.
        control = field(aria_invalid="true", aria_describedby=f"{field.id}-error", **options)
    else:
        control = field(**options)
    help_text = (f'<p class="field-help">{escape(field.description)}</p>'
                 if field.description else "")
    return Markup(  # noqa: S704 - every value is escaped or already markup
        f'<div class="field{wrong}">{field.label()}{control}{help_text}'
        f"{_errors(field, with_id=True)}</div>")


def _legend(field: Any) -> str:
    text = str(escape(field.label.text))
    if field.description:
        text += f' <span class="field-help">{escape(field.description)}</span>'
    return text


def _errors(field: Any, with_id: bool = False) -> str:
    anchor = f' id="{escape(field.id)}-error"' if with_id else ""
    return "".join(f'<p class="field-error"{anchor}>{escape(error)}</p>'
                   for error in field.errors)


def _field_list(field: Any) -> Markup:
    """Entries that can be added and removed: the buttons post
    action=add_NAME or remove_NAME-INDEX, and the view changes the list and
    draws the form again."""
    name = escape(field.name)
    entries = []
    for index, entry in enumerate(field):
        inner = "".join(form_field(subfield) for subfield in entry.form)
        entries.append(
            f'<div class="{name}-item" data-index="{index}">{inner}'
            f'<button type="submit" name="action" value="remove_{name}-{index}" '
            f'class="button small danger remove-{name}" formnovalidate>Remove</button></div>')
    return Markup(  # noqa: S704 - every value is escaped or already markup
        f'<fieldset class="{name}-items" id="{name}-items"><legend>{_legend(field)}</legend>'
        f'{"".join(entries)}<button type="submit" name="action" value="add_{name}" '
        f'class="button small" id="add-{name}" formnovalidate>'
        f"Add {escape(field.label.text.lower())}</button></fieldset>")
