"""Forms for accounts and the audit log."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.bounds import DAY_RANGE_MESSAGE, day_in_range
from factcheck.domain.passwords import MAX_LENGTH, MIN_LENGTH
from factcheck.domain.roles import Role
from factcheck.web.form_fields import AppForm, SelectField


class WithinCalendar:
    """A date field's bounds (see domain.bounds): 9999-12-31 is a clear
    error on the form, not an overflow in a query."""

    def __call__(self, form: object, field: Any) -> None:
        if field.data is not None and not day_in_range(field.data):
            raise ValidationError(DAY_RANGE_MESSAGE)


DAY_BOUNDS = WithinCalendar()


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


PASSWORD_LENGTH = Length(
    min=MIN_LENGTH, max=MAX_LENGTH,
    message=f"Password must be at least {MIN_LENGTH} and at most {MAX_LENGTH} characters.",
)

ROLE_CHOICES = choices([(role.value, role.label) for role in Role])


class LoginForm(AppForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)],
                       render_kw={"autocomplete": "username"})
    # The upper bound is enforced here too, before anything is hashed.
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()
    submit = SubmitField("Sign in")


class LogoutForm(AppForm):
    submit = SubmitField("Sign out")


class PasswordChangeForm(AppForm):
    current = PasswordField("Current password", validators=[DataRequired(),
                                                            Length(max=MAX_LENGTH)])
    new = PasswordField(
        "New password",
        validators=[DataRequired(), PASSWORD_LENGTH],
        description=f"{MIN_LENGTH} to {MAX_LENGTH} characters. A passphrase works well.",
    )
    confirm = PasswordField("Repeat new password",
                            validators=[DataRequired(), EqualTo("new", "The passwords differ.")])
    submit = SubmitField("Change password")


class UserCreateForm(AppForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    display_name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.CHECKER.value)
    password = PasswordField(
        "Initial password",
        validators=[DataRequired(), PASSWORD_LENGTH],
        description="Give it to them in person; they can change it after signing in.",
    )
    submit = SubmitField("Add user")


class UserEditForm(AppForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active (can sign in)")
    submit = SubmitField("Save")


class AuditFilterForm(AppForm):
    class Meta:
        csrf = False  # a GET filter form changes nothing

    actor = StringField("Actor", validators=[Optional(), Length(max=320)])
    action = SelectField("Action", choices=choices([("", "Any action")]
                         + [(action.value, action.label) for action in AuditAction]),
                         validators=[Optional()])
    entity_type = SelectField(
        "Entity", validators=[Optional()],
        choices=choices([("", "Any entity"), ("user", "User"), ("article", "Article"),
                         ("claim", "Claim"), ("source", "Source"),
                         ("attribution", "Attribution"), ("review", "Review"),
                         ("verdict", "Verdict"), ("export", "Export")]),
    )
    entity_id = StringField("Entity id", validators=[Optional(), Length(max=64)])
    since = DateField("From", validators=[Optional(), DAY_BOUNDS])
    until = DateField("Until", validators=[Optional(), DAY_BOUNDS])
