"""/claims: the filterable claim list every dashboard number links to.
Filters live in the query string, so any list can be bookmarked or shared."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, render_template, request
from flask_login import current_user
from wtforms import DateField, HiddenField, IntegerField
from wtforms.validators import NumberRange, Optional, Regexp

from factcheck.domain.bounds import DayOutOfRange, checked_day
from factcheck.domain.claims import ClaimStatus
from factcheck.domain.ratings import TruthRating
from factcheck.domain.roles import Permission
from factcheck.domain.stats import AGE_BUCKETS
from factcheck.extensions import db
from factcheck.services.claims.listing import (
    NO_OUTLET,
    SOURCINGS,
    VERDICT_GROUPS,
    WAITING_KEY,
    ClaimFilters,
    list_claims,
    outlet_names,
    reviewer_names,
)
from factcheck.web.access import requires
from factcheck.web.form_fields import AppForm, SelectField
from factcheck.web.forms import DAY_BOUNDS, choices
from factcheck.web.paging import requested_page

bp = Blueprint("claim_list", __name__)

ID = [Optional(), NumberRange(min=1, max=2**31 - 1)]
DAY = [Optional(), Regexp(r"^\d{4}-\d{2}-\d{2}$", message="Use YYYY-MM-DD.")]
FLAG = [Optional(), Regexp(r"^1$")]
HIDDEN_DATES = ("verdict_week", "published_week", "reviewed_since")
HIDDEN_IDS = ("reviewer2", "assignee", "draft_by")
HIDDEN_FLAGS = ("double_reviewed", "disagree", "misattributed")


class BaseFilterForm(AppForm):
    """The filters the dashboard offers; the claim list adds more."""

    class Meta:
        csrf = False  # GET filters change nothing

    since = DateField("Claims from", validators=[Optional(), DAY_BOUNDS])
    until = DateField("Until", validators=[Optional(), DAY_BOUNDS])
    outlet = SelectField("Outlet", validators=[Optional()], choices=[])
    article = IntegerField("Article id", validators=ID)
    reviewer = SelectField("Reviewer", validators=[Optional()], choices=[])
    rating = SelectField("Verdict", validators=[Optional()], choices=choices(
        [("", "Any verdict")] + [(rating.value, rating.label) for rating in TruthRating]))

    def set_options(self, outlets: list[str], reviewers: dict[int, str]) -> None:
        self.outlet.choices = choices([("", "Any outlet")] + [(o, o) for o in outlets]
                                      + [(NO_OUTLET, NO_OUTLET)])
        self.reviewer.choices = choices([("", "Anyone")]
                                        + [(str(uid), name) for uid, name in reviewers.items()])


class ClaimFilterForm(BaseFilterForm):
    status = SelectField("Status", validators=[Optional()], choices=choices(
        [("", "Any status"), (WAITING_KEY, "Waiting (not yet published)")]
        + [(status.value, status.label) for status in ClaimStatus]))
    source = IntegerField("Source id", validators=ID)
    sourcing = SelectField("Sourcing", validators=[Optional()], choices=choices(
        [("", "Any sourcing"), *SOURCINGS.items()]))
    verdict = SelectField("Verdict given", validators=[Optional()], choices=choices(
        [("", "With or without"), *VERDICT_GROUPS.items()]))
    age = SelectField("Waiting for", validators=[Optional()], choices=choices(
        [("", "Any time")] + [(bucket.key, bucket.label) for bucket in AGE_BUCKETS]))
    reviewer2 = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])
    assignee = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])
    draft_by = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])
    verdict_week = HiddenField(validators=DAY)
    published_week = HiddenField(validators=DAY)
    reviewed_since = HiddenField(validators=DAY)
    double_reviewed = HiddenField(validators=FLAG)
    disagree = HiddenField(validators=FLAG)
    misattributed = HiddenField(validators=FLAG)


def _int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _day(value: str | None) -> date | None:
    return checked_day(date.fromisoformat(value)) if value else None


def filters_from(form: BaseFilterForm) -> ClaimFilters:
    """The validated form as filters. Raises ValueError on an impossible
    date that passed the pattern (2026-02-31)."""
    data = form.data
    values: dict[str, Any] = {
        "since": data.get("since"), "until": data.get("until"),
        "outlet": data.get("outlet") or "", "article": data.get("article"),
        "reviewer": _int(data.get("reviewer")),
        "rating": TruthRating(data["rating"]) if data.get("rating") else None,
        "status": data.get("status") or "", "source": data.get("source"),
        "sourcing": data.get("sourcing") or "", "verdict": data.get("verdict") or "",
        "age": data.get("age") or "",
    }
    values.update({name: _int(data.get(name)) for name in HIDDEN_IDS})
    values.update({name: _day(data.get(name)) for name in HIDDEN_DATES})
    values.update({name: data.get(name) == "1" for name in HIDDEN_FLAGS})
    return ClaimFilters(**values)


def read_filters(form: BaseFilterForm) -> ClaimFilters | None:
    """Filters from the query string, or None (with errors on the form)."""
    if not form.validate():
        return None
    try:
        return filters_from(form)
    except DayOutOfRange as error:
        form.form_errors.append(str(error))
    except ValueError:
        form.form_errors.append("One of the dates in the address does not exist.")
    return None


@bp.route("/claims")
@requires(Permission.VIEW_ARTICLES)
def index() -> tuple[str, int]:
    form = ClaimFilterForm(request.args)
    reviewers = reviewer_names(db.session, current_user)
    form.set_options(outlet_names(db.session, current_user), reviewers)
    filters = read_filters(form)
    if filters is None:
        return render_template("claims/list.html", form=form, result=None, filters=None,
                               reviewers=reviewers), 400
    result = list_claims(db.session, current_user, filters, page=requested_page())
    return render_template("claims/list.html", form=form, result=result, filters=filters,
                           reviewers=reviewers), 200
