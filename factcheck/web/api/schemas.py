"""What the API reads and writes, as marshmallow schemas: webargs checks
input against them (unknown fields and wrong types are a 422 naming the
field) and flask-smorest writes the OpenAPI document from them."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from factcheck.domain.bounds import DAY_RANGE_MESSAGE, EARLIEST_DAY, LATEST_DAY, MAX_ID
from factcheck.domain.claims import ClaimKind, ClaimStatus
from factcheck.domain.ratings import AttributionRating, EvidenceStance, TruthRating
from factcheck.domain.sources import SourceKind
from factcheck.domain.stats import AGE_BUCKETS
from factcheck.models.correction import CorrectionKind
from factcheck.services.claims.listing import SOURCINGS, VERDICT_GROUPS, WAITING_KEY
from factcheck.services.exports.formats import ExportFormat

Id = validate.Range(min=1, max=MAX_ID)


def _day(**options: Any) -> fields.Date:
    """A day within the bounds every date filter keeps to (domain.bounds)."""
    return fields.Date(validate=validate.Range(min=EARLIEST_DAY, max=LATEST_DAY,
                                               error=DAY_RANGE_MESSAGE), **options)


def _enum(kind: Any, **options: Any) -> fields.Enum:
    return fields.Enum(kind, by_value=True, **options)


class Strict(Schema):
    class Meta:
        unknown = RAISE


# Problems (RFC 9457) --------------------------------------------------------

class FieldError(Schema):
    location = fields.String(required=True, metadata={"description": "json, query, path..."})
    field = fields.String(required=True)
    message = fields.String(required=True)


class Problem(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.List(fields.Nested(FieldError))


# Paging ----------------------------------------------------------------------

class PageArgs(Strict):
    cursor = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "The `next` of the previous page."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


def page_of(item: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item), required=True),
        "next": fields.String(required=True, allow_none=True,
                              metadata={"description": "The next page, or null on the last."}),
    }, name=name)


# Articles ---------------------------------------------------------------------

class ArticleIn(Strict):
    text = fields.String(validate=validate.Length(min=1),
                         metadata={"description": "The article as plain text."})
    html = fields.String(validate=validate.Length(min=1),
                         metadata={"description": "The article page's HTML."})
    fetch_url = fields.Url(schemes={"http", "https"}, validate=validate.Length(max=2048),
                           metadata={"description": "Fetch the article from this address."})
    title = fields.String(validate=validate.Length(max=500))
    outlet = fields.String(validate=validate.Length(max=200))
    byline = fields.String(validate=validate.Length(max=300))
    url = fields.Url(schemes={"http", "https"}, validate=validate.Length(max=2048),
                     metadata={"description": "The article's address (kept as a link)."})
    published = _day()

    @validates_schema
    def one_input(self, data: dict[str, Any], **_: Any) -> None:
        given = [name for name in ("text", "html", "fetch_url") if data.get(name)]
        if len(given) != 1:
            raise ValidationError("Give exactly one of text, html or fetch_url.")


class ArticleListArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200),
                      metadata={"description": "Words in the title or outlet."})
    status = _enum(ClaimStatus, metadata={"description": "Has claims with this status."})


class ArticleOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    outlet = fields.String(required=True, allow_none=True)
    byline = fields.String(required=True, allow_none=True)
    url = fields.String(required=True, allow_none=True)
    published_on = fields.Date(required=True, allow_none=True)
    added_at = fields.DateTime(required=True)


class VerdictBrief(Schema):
    id = fields.Integer(required=True)
    rating = _enum(TruthRating, required=True)
    approved_at = fields.DateTime(required=True)
    published_at = fields.DateTime(required=True, allow_none=True)


class ClaimOut(Schema):
    id = fields.Integer(required=True)
    article_id = fields.Integer(required=True)
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    kind = _enum(ClaimKind, required=True)
    status = _enum(ClaimStatus, required=True)
    checkworthiness = fields.Float(required=True)
    assignee_id = fields.Integer(required=True, allow_none=True)
    version = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    verdict = fields.Nested(VerdictBrief, required=True, allow_none=True,
                            metadata={"description": "The current verdict, if any."})


class ArticleDetail(ArticleOut):
    body = fields.String(required=True)
    claims = fields.List(fields.Nested(ClaimOut), required=True)


class ArticleCreated(ArticleDetail):
    created = fields.Boolean(required=True, metadata={
        "description": "False when the same article was already here (nothing was added)."})


# Claims -------------------------------------------------------------------------

class ClaimListArgs(PageArgs):
    """The web claim list's filters, by the same names."""

    since = _day()
    until = _day()
    outlet = fields.String(validate=validate.Length(max=200))
    article = fields.Integer(validate=Id)
    reviewer = fields.Integer(validate=Id)
    rating = _enum(TruthRating)
    status = fields.String(validate=validate.OneOf(
        [WAITING_KEY, *(status.value for status in ClaimStatus)]))
    source = fields.Integer(validate=Id)
    sourcing = fields.String(validate=validate.OneOf(list(SOURCINGS)))
    verdict = fields.String(validate=validate.OneOf(list(VERDICT_GROUPS)))
    age = fields.String(validate=validate.OneOf([bucket.key for bucket in AGE_BUCKETS]))
    assignee = fields.Integer(validate=Id)
    # The dashboard's links narrow further, by these (the web list's hidden filters).
    reviewer2 = fields.Integer(validate=Id)
    draft_by = fields.Integer(validate=Id)
    verdict_week = _day()
    published_week = _day()
    reviewed_since = _day()
    double_reviewed = fields.Boolean()
    disagree = fields.Boolean()
    misattributed = fields.Boolean()


class HopOut(Schema):
    source_id = fields.Integer(required=True)
    source = fields.String(required=True)
    kind = _enum(SourceKind, required=True)
    cue = fields.String(required=True, allow_none=True)
    hedges = fields.List(fields.String(), required=True)
    inherited = fields.Boolean(required=True)


class EvidenceOut(Schema):
    url = fields.String(required=True)
    title = fields.String(required=True)
    stance = _enum(EvidenceStance, required=True)
    note = fields.String(required=True)


class ReviewOut(Schema):
    id = fields.Integer(required=True)
    reviewer_id = fields.Integer(required=True)
    reviewer = fields.String(required=True)
    truth = _enum(TruthRating, required=True, allow_none=True)
    attribution = _enum(AttributionRating, required=True, allow_none=True)
    rationale = fields.String(required=True)
    evidence = fields.List(fields.Nested(EvidenceOut), required=True)
    submitted_at = fields.DateTime(required=True, allow_none=True)
    version = fields.Integer(required=True)


class ClaimDetail(ClaimOut):
    chains = fields.List(fields.List(fields.Nested(HopOut)), required=True, metadata={
        "description": "Source chains, each from the reporter to the original source."})
    reviews = fields.List(fields.Nested(ReviewOut), required=True, metadata={
        "description": "The reviews you may see: blind review hides others' until theirs "
                       "are all in."})
    hidden_reviews = fields.Integer(required=True, metadata={
        "description": "Others' submitted reviews kept from you for now."})
    verdicts = fields.List(fields.Nested(VerdictBrief), required=True)


# Reviews -----------------------------------------------------------------------------

class EvidenceIn(Strict):
    url = fields.Url(schemes={"http", "https"}, load_default="",
                     validate=validate.Length(max=2048))
    title = fields.String(load_default="", validate=validate.Length(max=500))
    stance = _enum(EvidenceStance, load_default=EvidenceStance.CONTEXT)
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class ReviewIn(Strict):
    truth = _enum(TruthRating, load_default=None, allow_none=True)
    attribution = _enum(AttributionRating, load_default=None, allow_none=True)
    rationale = fields.String(load_default="", validate=validate.Length(max=20000))
    evidence = fields.List(fields.Nested(EvidenceIn), load_default=list,
                           validate=validate.Length(max=50))
    submit = fields.Boolean(load_default=True, metadata={
        "description": "False saves a draft; true submits (final for blind review)."})
    expected_version = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The version of your own review you are changing; null "
                                 "(or left out) for your first. A stale one is a 409."})


# Verdicts and corrections ------------------------------------------------------------

class VerdictListArgs(PageArgs):
    rating = _enum(TruthRating)
    claim = fields.Integer(validate=Id)


class VerdictOut(VerdictBrief):
    claim_id = fields.Integer(required=True)
    claim_text = fields.String(required=True, allow_none=True)
    public_rationale = fields.String(required=True)
    attribution_rating = _enum(AttributionRating, required=True, allow_none=True)
    claimant = fields.String(required=True, allow_none=True)
    supersedes_id = fields.Integer(required=True, allow_none=True)
    correction_note = fields.String(required=True)


class CorrectionListArgs(PageArgs):
    claim = fields.Integer(validate=Id)


class CorrectionOut(Schema):
    id = fields.Integer(required=True)
    claim_id = fields.Integer(required=True)
    kind = _enum(CorrectionKind, required=True)
    previous_rating = _enum(TruthRating, required=True, allow_none=True)
    new_rating = _enum(TruthRating, required=True, allow_none=True)
    public_note = fields.String(required=True)
    note = fields.String(allow_none=True, metadata={
        "description": "The internal note: only for those who decide verdicts."})
    created_at = fields.DateTime(required=True)


# Sources -------------------------------------------------------------------------------

class SourceListArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200))


class SourceOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = _enum(SourceKind, required=True)
    url = fields.String(required=True, allow_none=True)
    notes = fields.String(required=True)
    aliases = fields.List(fields.String(), required=True)
    suggested = fields.Boolean(required=True, metadata={
        "description": "Made by extraction and not yet confirmed by a person."})
    created_at = fields.DateTime(required=True)


# Exports ----------------------------------------------------------------------------------

class ExportArgs(Strict):
    format = _enum(ExportFormat, load_default=ExportFormat.CSV)
    date_from = _day()
    date_to = _day()
    outlet = fields.String(validate=validate.Length(max=200))
    source = fields.String(validate=validate.Length(max=300))
    rating = _enum(TruthRating)
    status = _enum(ClaimStatus, metadata={"description": "Default: published."})
    any_status = fields.Boolean(load_default=False)
