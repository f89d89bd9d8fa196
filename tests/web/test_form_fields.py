"""Radio choices and drop-downs drawn in Python read exactly as WTForms'
own widgets drew them: the same options, the same one chosen, every
label and value escaped."""

from __future__ import annotations

import wtforms
from wtforms.widgets import Select

from factcheck.web.form_fields import SelectField, radio_choices
from factcheck.web.forms import choices

OUTLETS = choices([("", "Any outlet"), ("Tribune & Post", "Tribune & Post"),
           ('"Quoted" Daily', '"Quoted" Daily'), ("<b>Herald</b>", "<b>Herald</b>")])


class _Filters(wtforms.Form):
    outlet = SelectField("Outlet", choices=OUTLETS)
    ruling = wtforms.RadioField("Ruling", choices=choices([("true", "True"),
                                                           ("mostly_false", "Mostly <false>")]))


def test_a_drop_down_reads_as_the_library_drew_it() -> None:
    for chosen in ("", "Tribune & Post", '"Quoted" Daily', "<b>Herald</b>"):
        field = _Filters(data={"outlet": chosen}).outlet
        ours = field(class_="filter")
        theirs = Select()(field, class_="filter")
        assert ours == theirs
        assert ours.count(" selected ") == 1 and "<b>" not in ours


def test_radio_choices_carry_keys_ratings_and_the_choice() -> None:
    field = _Filters(data={"ruling": "mostly_false"}).ruling
    html = str(radio_choices(field, "12", rated=True))
    assert '<label class="rating-option rating-mostly_false">' in html
    assert ('<input checked data-key="2" id="ruling-1" name="ruling" type="radio" '
            'value="mostly_false"> <kbd>2</kbd> Mostly &lt;false&gt;</label>') in html
    assert html.count("checked") == 1
    for option in field:  # each input as WTForms' own widget writes it, key aside
        assert str(option(**{"data-key": "1" if option.data == "true" else "2"})) in html
