"""The form for a new personal access token."""

from __future__ import annotations

from wtforms import SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from factcheck.domain.tokens import EXPIRY_CHOICES_DAYS, MAX_NAME_LENGTH, TokenScope
from factcheck.web.form_fields import AppForm, SelectField
from factcheck.web.forms import choices


class TokenForm(AppForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=MAX_NAME_LENGTH)],
                       description="What will use it, e.g. “CMS sync”.")
    scopes = SelectMultipleField(
        "Scopes", choices=[], validators=[DataRequired(message="Choose at least one scope.")],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        description="Only the scopes your role allows are offered.")
    lifetime = SelectField("Expires after", default="90", choices=choices(
        [(str(days), f"{days} days") for days in EXPIRY_CHOICES_DAYS]))
    submit = SubmitField("Create token")

    def offer(self, scopes: list[TokenScope]) -> TokenForm:
        self.scopes.choices = choices([(scope.value, scope.label) for scope in scopes])
        return self

    def chosen_scopes(self) -> list[TokenScope]:
        return [TokenScope(value) for value in self.scopes.data or []]


class RevokeForm(AppForm):
    """Nothing to fill in: the CSRF token is the whole form."""
