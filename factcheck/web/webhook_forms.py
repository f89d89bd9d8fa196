"""Forms for webhook endpoints."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from factcheck.domain.webhooks import SUBSCRIBABLE, EventType
from factcheck.services.webhooks.endpoints import MAX_DESCRIPTION, MAX_URL, EndpointInput
from factcheck.web.form_fields import AppForm
from factcheck.web.forms import choices


class EndpointForm(AppForm):
    url = StringField("Address (URL)", validators=[
        DataRequired("Give the address events are sent to."),
        Length(max=MAX_URL, message=f"The address is longer than {MAX_URL} characters.")],
        description="Where events are POSTed, e.g. https://cms.example/hooks/factcheck.",
        render_kw={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"})
    description = TextAreaField("Description", validators=[Length(
        max=MAX_DESCRIPTION,
        message=f"The description is longer than {MAX_DESCRIPTION} characters.")],
        description="Who receives these events and why.")
    events = SelectMultipleField(
        "Events", choices=choices([(kind.value, kind.label) for kind in SUBSCRIBABLE]),
        validators=[DataRequired("Choose at least one event to send.")],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    enabled = BooleanField("Enabled (send events to this endpoint)", default=True)

    def endpoint_input(self) -> EndpointInput:
        return EndpointInput(url=self.url.data or "", description=self.description.data or "",
                             events=[EventType(value) for value in self.events.data or []],
                             enabled=bool(self.enabled.data))


class EndpointActionForm(AppForm):
    """Rotate, delete, test: a button and its CSRF token."""


class EnableForm(AppForm):
    enabled = HiddenField()  # "1" switches on, anything else off
