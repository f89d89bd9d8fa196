"""Forms of the claim-matching pages."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import HiddenField, SubmitField, URLField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.domain.ratings import EvidenceStance
from factcheck.web.form_fields import AppForm, SelectField
from factcheck.web.review_forms import STANCE_CHOICES


class ClaimReviewImportForm(AppForm):
    upload = FileField("ClaimReview file (JSON or JSON-LD)",
                       description="One ClaimReview, a list, an @graph, a DataFeed, or the "
                                   "JSON of Google's Fact Check Tools API.")
    fetch_url = URLField("…or fetch from an address", validators=[Optional(), Length(max=2048)],
                         description="http(s) address of a feed or a fact-check page.")
    submit = SubmitField("Import")


class SameClaimForm(AppForm):
    target = HiddenField(validators=[DataRequired(), Length(max=40)])
    stance = SelectField("Stance", choices=STANCE_CHOICES, default=EvidenceStance.CONTEXT.value)
    submit = SubmitField("Same claim")
