"""Forms for bringing articles in and editing claims, chains and sources."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.sources import SourceKind
from factcheck.web.form_fields import AppForm, SelectField
from factcheck.web.forms import DAY_BOUNDS, choices

KIND_CHOICES = choices([(kind.value, kind.label) for kind in ClaimKind])
SOURCE_KIND_CHOICES = choices([(kind.value, kind.label) for kind in SourceKind])


class ArticleForm(AppForm):
    text = TextAreaField("Article text or page HTML", validators=[Optional()],
                         description="Paste the article as published, headline first. "
                                     "Pasted HTML is converted to text.")
    upload = FileField("…or upload a file", description=".txt, .md, .html or .htm")
    fetch_url = URLField("…or fetch a web page", validators=[Optional(), Length(max=2048)],
                         description="http(s) address of the article page.")
    title = StringField("Headline", validators=[Optional(), Length(max=500)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    byline = StringField("Byline", validators=[Optional(), Length(max=300)])
    published = DateField("Published", validators=[Optional(), DAY_BOUNDS])
    url = URLField("Article address", validators=[Optional(), Length(max=2048)])


class ArticleFilterForm(AppForm):
    class Meta:
        csrf = False

    q = StringField("Search title or outlet", validators=[Optional(), Length(max=200)])
    status = SelectField("Claims with status", validators=[Optional()], choices=choices(
        [("", "Any status")] + [(status.value, status.label) for status in ClaimStatus]))


class VersionedForm(AppForm):
    version = HiddenField(validators=[InputRequired()])

    @property
    def expected_version(self) -> int:
        try:
            return int(self.version.data or 0)
        except ValueError:
            return -1


class ClaimDetailsForm(VersionedForm):
    kind = SelectField("Kind", choices=KIND_CHOICES)
    not_a_claim = BooleanField("Not a claim (keep it out of queues and reports)")


class BoundariesForm(VersionedForm):
    start = IntegerField("Starts at character", validators=[InputRequired(), NumberRange(min=0)])
    end = IntegerField("Ends at character", validators=[InputRequired(), NumberRange(min=1)])


class SplitForm(VersionedForm):
    second_starts_with = StringField(
        "Second claim starts with", validators=[DataRequired(), Length(max=500)],
        description="Type the first words of the second half exactly as they appear.")


class MergeForm(VersionedForm):
    pass


class AddClaimForm(AppForm):
    start = HiddenField()
    end = HiddenField()
    quote = TextAreaField("Exact text of the new claim", validators=[Optional(),
                                                                      Length(max=5000)])
    kind = SelectField("Kind", choices=KIND_CHOICES, default=ClaimKind.FACTUAL.value)


class HopForm(VersionedForm):
    """One hop of a chain. Each hop on the page has its own form, so their
    fields' ids take a prefix (``meta={"id_prefix": ...}``); names stay
    plain, so every hop posts the same fields."""

    class Meta:
        id_prefix = ""

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            if self.id_prefix:
                options = {**options, "id": self.id_prefix + options["name"]}
            return super().bind_field(form, unbound_field, options)  # type: ignore[misc]

    source_name = StringField("Source", validators=[DataRequired(), Length(max=300)],
                              render_kw={"list": "source-names", "autocomplete": "off"})
    kind = SelectField("Kind of source", choices=SOURCE_KIND_CHOICES,
                       default=SourceKind.UNKNOWN.value)
    cue = StringField("Cue", validators=[Optional(), Length(max=120)],
                      description="e.g. said, according to, told, reported")
    hedges = StringField("Hedges", validators=[Optional(), Length(max=300)],
                         description="Comma separated, e.g. reportedly, allegedly")
    inherited = BooleanField("Inherited from an earlier sentence (not stated here)")


class AddHopForm(HopForm):
    # The service checks the chain is this claim's; the choices only offer them.
    attribution_id = SelectField("To", choices=[], validate_choice=False)

    def offer_chains(self, chain_ids: list[int]) -> AddHopForm:
        self.attribution_id.choices = choices(
            [(str(chain_id), f"the end of chain {number}")
             for number, chain_id in enumerate(chain_ids, start=1)]
            + [("", "a new chain (another outlet reporting it)")])
        return self


class HopMoveForm(VersionedForm):
    offset = HiddenField()


class SourceForm(VersionedForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    kind = SelectField("Kind", choices=SOURCE_KIND_CHOICES)
    aliases = TextAreaField("Other names", validators=[Optional(), Length(max=5000)],
                            description="One per line, e.g. FT for the Financial Times.")
    url = URLField("Website", validators=[Optional(), Length(max=2048)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=20000)])


class MergeSourceForm(AppForm):
    duplicate = StringField("Merge this other source into it",
                            validators=[DataRequired(), Length(max=300)],
                            render_kw={"list": "source-names", "autocomplete": "off"})
