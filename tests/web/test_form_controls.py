"""Every control of every form in the app reads exactly as WTForms' own
widgets draw it (``factcheck.web.form_fields.ControlMeta`` writes the
common ones directly): typed values with quotes, ampersands and markup,
the attributes the templates pass (errors, autofocus, classes, data keys),
the flags validators set (``maxlength``, ``required``)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
import wtforms
from flask import Flask
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms.meta import DefaultMeta

import factcheck.web
from factcheck.web.form_fields import AppForm, AppSubform, SelectField, attributes, draw_control

TYPED = 'He said "no" & <b>left</b> \u2014 5 > 4'
PASSED: list[dict[str, Any]] = [
    {},
    {"aria_invalid": "true", "aria_describedby": "field-error"},
    {"autofocus": True},
    {"class_": "wide \"quoted\"", "data_key": "e", "disabled": False},
    {"rows": 3, "placeholder": Markup('a "safe" <i>hint</i>')},
]


def _form_classes() -> list[type[wtforms.Form]]:
    """Every form class the app's web package defines, whatever its base."""
    for module in pkgutil.walk_packages(factcheck.web.__path__, "factcheck.web."):
        importlib.import_module(module.name)
    found: list[type[wtforms.Form]] = []
    pending: list[type[wtforms.Form]] = [wtforms.Form]
    while pending:
        cls = pending.pop()
        found.extend(sub for sub in cls.__subclasses__()
                     if sub.__module__.startswith("factcheck.web.")
                     and sub not in (AppForm, AppSubform))
        pending.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _fields(form: Any) -> Iterator[Any]:
    for field in form:
        if field.type == "FieldList":
            for entry in field:
                yield from _fields(entry.form) if entry.type == "FormField" else [entry]
        elif field.type == "FormField":
            yield from _fields(field.form)
        else:
            yield field


@pytest.fixture(scope="module")
def request_context() -> Iterator[None]:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="controls test", WTF_CSRF_ENABLED=True)
    with app.test_request_context("/", method="POST"):
        yield


FORMS = _form_classes()


def test_every_form_of_the_app_is_drawn_by_the_app_s_meta() -> None:
    assert len(FORMS) >= 25
    for cls in FORMS:
        assert issubclass(cls, AppForm | AppSubform), cls


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_each_control_reads_as_the_library_drew_it(form_class: type[wtforms.Form]) -> None:
    probe = form_class(meta={"csrf": False}) if issubclass(form_class, AppForm) else form_class()
    typed = MultiDict({field.name: TYPED for field in _fields(probe)})
    form = form_class(formdata=typed)
    form.validate()  # errors and flags as a refused submission shows them
    drawn_directly = 0
    for field in _fields(form):
        for passed in PASSED:
            ours = form.meta.render_field(field, dict(passed))
            theirs = DefaultMeta.render_field(form.meta, field, dict(passed))
            assert str(ours) == str(theirs), (field.name, passed)
            assert isinstance(ours, Markup)
        drawn_directly += draw_control(field, {}) is not None
    assert drawn_directly or not any(
        field.type in ("StringField", "TextAreaField", "HiddenField") for field in _fields(form))


def test_attributes_are_escaped_in_name_order() -> None:
    written = attributes({"value": TYPED, "id": "a&b", "required": True, "hidden": False,
                          "title": Markup('say "hi"')})
    assert written == ('id="a&amp;b" required title="say &quot;hi&quot;" '
                       'value="He said &#34;no&#34; &amp; &lt;b&gt;left&lt;/b&gt; \u2014 5 &gt; 4"')


class _Grouped(AppSubform):
    desk = SelectField("Desk", choices=[
        wtforms.SelectChoice("ap", "AP", optgroup="Wire & agencies"),
        wtforms.SelectChoice("afp", '"AFP"', optgroup="Wire & agencies"),
        wtforms.SelectChoice("metro", "Metro", optgroup="Own <staff>")])


def test_a_drop_down_in_groups_reads_as_the_library_drew_it() -> None:
    form = _Grouped(data={"desk": "afp"})
    ours = form.meta.render_field(form.desk, {"class_": "filter"})
    assert ours == DefaultMeta.render_field(form.meta, form.desk, {"class_": "filter"})
    assert '<optgroup label="Own &lt;staff&gt;">' in ours and ours.count("selected") == 1
