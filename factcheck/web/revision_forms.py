"""Forms for article revisions and stale verdicts."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.web.form_fields import AppForm


class RevisionForm(AppForm):
    text = TextAreaField("New text", validators=[Optional()],
                         description="The article as it reads now, headline first.")
    upload = FileField("…or upload a file", description=".txt, .md, .html or .htm")
    fetch = HiddenField()  # "1": fetch the article's own address again


class ConfirmStaleForm(AppForm):
    note = TextAreaField("Why the verdict still holds", validators=[DataRequired(
        "Say why the verdict still holds."), Length(max=5000)],
        description="Readers see it as a dated correction note on a published verdict.")


class ReopenStaleForm(AppForm):
    version = HiddenField()
    reason = TextAreaField("Reason for reopening (internal)", validators=[DataRequired(
        "Give the reason for reopening."), Length(max=5000)])
    public_note = TextAreaField("Public note", validators=[Optional(), Length(max=5000)],
                                description="Needed when the verdict is published.")
