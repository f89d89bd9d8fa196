"""Forms for reviewing claims and deciding verdicts."""

from __future__ import annotations

from typing import Any

from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.services.review.reviews import EvidenceInput, ReviewInput
from factcheck.web.form_fields import AppForm, AppSubform, SelectField
from factcheck.web.forms import choices

TRUTH_CHOICES = choices([(rating.value, rating.label) for rating in TruthRating])
ATTRIBUTION_CHOICES = choices([(rating.value, rating.label) for rating in AttributionRating])
STANCE_CHOICES = choices([(stance.value, stance.label) for stance in EvidenceStance])
MAX_EVIDENCE = 20


class EvidenceForm(AppSubform):
    url = StringField("Link", validators=[Optional(), Length(max=2048)],
                      render_kw={"type": "url", "placeholder": "https://"})
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    stance = SelectField("Stance", choices=STANCE_CHOICES, default=EvidenceStance.CONTEXT.value)
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)],
                         render_kw={"rows": 2})


class ReviewForm(AppForm):
    version = HiddenField()
    truth = RadioField("Truth rating", choices=TRUTH_CHOICES, validators=[Optional()],
                       description="keys 1–8")
    attribution = RadioField("Does the cited source really say this?",
                             choices=ATTRIBUTION_CHOICES, validators=[Optional()],
                             description="keys a, m, u")
    rationale = TextAreaField("Rationale", validators=[Optional(), Length(max=20000)],
                              description="Required except for Not checkable.",
                              render_kw={"rows": 5})
    evidence = FieldList(FormField(EvidenceForm), "Evidence", description="key e adds one",
                         min_entries=1, max_entries=MAX_EVIDENCE)

    @property
    def expected_version(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None

    def to_input(self) -> ReviewInput:
        return ReviewInput(
            truth=TruthRating(self.truth.data) if self.truth.data else None,
            attribution=(AttributionRating(self.attribution.data)
                         if self.attribution.data else None),
            rationale=self.rationale.data or "",
            evidence=[EvidenceInput(url=entry.form.url.data or "",
                                    title=entry.form.title.data or "",
                                    stance=EvidenceStance(entry.form.stance.data
                                                          or EvidenceStance.CONTEXT.value),
                                    note=entry.form.note.data or "")
                      for entry in self.evidence],
        )


class DecideForm(AppForm):
    version = HiddenField()
    rating = RadioField("Verdict", choices=TRUTH_CHOICES, validators=[DataRequired(
        "Choose the verdict.")])
    public_rationale = TextAreaField("Public rationale", validators=[Optional(),
                                                                     Length(max=20000)],
                                     description="What readers will see with the verdict.")
    attribution = RadioField("Attribution", choices=ATTRIBUTION_CHOICES,
                             validators=[Optional()],
                             description="Leave unset to keep what the reviewers agreed.")
    claimant = SelectField("Who made the claim (published as its author)", choices=[],
                           validate_choice=False,
                           description="By default the original source when the attribution "
                                       "is accurate, otherwise the outlet.")


class PublishForm(AppForm):
    version = HiddenField()
    correction_note = TextAreaField(
        "Correction note", validators=[Optional(), Length(max=5000)],
        description="Needed only when this changes a verdict already published.")


class ReopenForm(AppForm):
    version = HiddenField()
    reason = TextAreaField("Reason for reopening (internal)", validators=[DataRequired(
        "Give the reason for reopening."), Length(max=5000)],
        description="Kept with the claim's history; readers never see it.")
    public_note = TextAreaField(
        "Public note", validators=[Optional(), Length(max=5000)],
        description="Needed when the verdict is published: readers see it as a dated "
                    "correction.")


class AssignForm(AppForm):
    version = HiddenField()
    assignee = SelectField("Assign to", choices=[], validate_choice=False)


def version_of(form: Any) -> int:
    value = (form.version.data or "").strip()
    return int(value) if value.isdigit() else -1
