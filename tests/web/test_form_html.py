"""Each kind of form field drawn in Python (factcheck/web/form_html.py):
its label, help, errors tied to the control, everything escaped."""

from __future__ import annotations

import wtforms
from wtforms.validators import DataRequired

from factcheck.web.form_fields import SelectField
from factcheck.web.form_html import form_field
from factcheck.web.forms import choices


class _Entry(wtforms.Form):
    link = wtforms.StringField("Link")
    stance = SelectField("Stance", choices=choices([("supports", "Supports")]))


class _Everything(wtforms.Form):
    version = wtforms.HiddenField(default="7")
    headline = wtforms.StringField("Headline <b>", description="Shown as <i>typed</i>",
                                   validators=[DataRequired("Say <what>.")])
    ruling = wtforms.RadioField("Ruling", choices=choices([("true", "True"), ("false", "False")]),
                                description="keys 1–2")
    topics = wtforms.SelectMultipleField("Topics", choices=choices([("a", "A & B")]),
                                         widget=wtforms.widgets.ListWidget(prefix_label=False),
                                         option_widget=wtforms.widgets.CheckboxInput())
    urgent = wtforms.BooleanField("Urgent")
    links = wtforms.FieldList(wtforms.FormField(_Entry), "Evidence links", min_entries=2)
    save = wtforms.SubmitField("Save")


def _form(**data: object) -> _Everything:
    form = _Everything(data=data)
    form.validate()
    return form


def test_a_text_field_with_an_error_points_the_control_at_it() -> None:
    html = str(form_field(_form().headline))
    assert html.startswith('<div class="field has-error"><label for="headline">Headline &lt;b&gt;')
    assert 'aria-describedby="headline-error" aria-invalid="true"' in html
    assert '<p class="field-help">Shown as &lt;i&gt;typed&lt;/i&gt;</p>' in html
    assert '<p class="field-error" id="headline-error">Say &lt;what&gt;.</p>' in html


def test_a_valid_text_field_has_no_error_and_takes_the_options() -> None:
    html = str(form_field(_form(headline="Fine").headline, autofocus=True))
    assert html.startswith('<div class="field">')
    assert "autofocus" in html and "aria-invalid" not in html and "field-error" not in html


def test_radios_come_in_a_fieldset_with_keys() -> None:
    html = str(form_field(_form(ruling="false").ruling, shortcuts="12", rated=True))
    assert html.startswith('<fieldset class="rating-choices" id="ruling-choices"><legend>Ruling '
                           '<span class="field-help">keys 1–2</span></legend>')
    assert 'data-key="2"' in html and "<kbd>1</kbd>" in html and "rating-false" in html
    assert html.count("checked") == 1


def test_checkboxes_booleans_and_hidden_fields() -> None:
    form = _form(topics=["a"], urgent=True)
    boxes = str(form_field(form.topics))
    assert boxes.startswith('<fieldset class="check-choices" id="topics-choices">')
    assert '<label class="check-option"><input checked' in boxes and "A &amp; B</label>" in boxes
    check = str(form_field(form.urgent))
    assert check.startswith('<div class="field field-check"><input checked')
    assert '<label for="urgent">Urgent</label>' in check
    assert str(form_field(form.version)) == (
        '<input id="version" name="version" type="hidden" value="7">')
    assert str(form_field(form.save)) == ""


def test_a_list_of_entries_can_add_and_remove_each() -> None:
    html = str(form_field(_form().links))
    assert html.startswith('<fieldset class="links-items" id="links-items"><legend>Evidence links')
    assert html.count('<div class="links-item"') == 2
    assert 'value="remove_links-0"' in html and 'value="remove_links-1"' in html
    assert 'id="links-1-link"' in html and 'name="links-0-stance"' in html
    assert html.endswith('id="add-links" formnovalidate>Add evidence links</button></fieldset>')
