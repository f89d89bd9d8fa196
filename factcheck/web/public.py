"""The public fact-check pages and feeds: no sign-in, nothing internal,
cacheable (ETag and Last-Modified, answered with 304 when unchanged)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from factcheck.config import settings_of
from factcheck.domain.ratings import TruthRating
from factcheck.extensions import db
from factcheck.services.core.errors import NotFound
from factcheck.services.exports.formats import ExportSettings
from factcheck.services.publication import detail, feeds, listing, markup
from factcheck.web.access import public
from factcheck.web.form_fields import AppForm, SelectField
from factcheck.web.forms import choices
from factcheck.web.paging import requested_page

bp = Blueprint("public", __name__)

# Shared caches may keep a page this long before asking again; a correction
# or a withdrawal reaches every reader within it.
CACHE_SECONDS = 60


class PublicFilterForm(AppForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    rating = SelectField("Rating", default="", validate_choice=False)
    outlet = SelectField("Outlet", default="", validate_choice=False)


def _site() -> ExportSettings:
    return ExportSettings.from_settings(settings_of(current_app.config), request.url_root)


def _absolute(endpoint: str, **values: Any) -> str:
    """An address readers and aggregators can follow from anywhere: the
    configured public base address, else the one this request came in at."""
    path = url_for(endpoint, **values)[len(request.script_root):]
    return _site().base_url + path


def _feed_links() -> dict[str, str]:
    return {"atom_url": _absolute("public.atom"), "data_feed_url": _absolute("public.data_feed")}


def _cacheable(response: Response, last_modified: datetime | None,
               etag: str | None = None) -> BaseResponse:
    """Validators on a public answer, and 304 when the reader's copy is
    current. Without ``etag`` the body's hash is the tag."""
    if etag is None:
        response.add_etag()
    else:
        response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response.make_conditional(request)


@bp.route("/fact-checks/")
@public
def index() -> BaseResponse:
    filters = listing.PublicFilters.parse(request.args.get("rating"), request.args.get("outlet"))
    state = listing.public_state(db.session)
    page = listing.list_published(db.session, filters, requested_page())
    form = PublicFilterForm(formdata=None, rating=request.args.get("rating", ""),
                            outlet=filters.outlet)
    form.rating.choices = choices([("", "Any rating"),
                                   *((r.value, r.label) for r in TruthRating)])
    form.outlet.choices = choices([("", "Any outlet"),
                                   *((name, name) for name in listing.outlets(db.session))])
    html = render_template("public/index.html", page=page, filters=filters, form=form,
                           site=_site(), **_feed_links())
    return _cacheable(make_response(html), state.last_modified)


@bp.route("/fact-checks/<int:claim_id>")
@public
def show(claim_id: int) -> BaseResponse:
    try:
        item = detail.published_fact_check(db.session, claim_id)
    except detail.Withdrawn as gone:
        html = render_template("public/withdrawn.html", gone=gone, site=_site(),
                               **_feed_links())
        return _uncached_refusal(html, gone.status_code)
    except NotFound as missing:
        html = render_template("public/missing.html", message=missing.message, site=_site(),
                               **_feed_links())
        return _uncached_refusal(html, missing.status_code)
    site = _site()
    html = render_template("public/show.html", item=item, markup=markup.page_markup(item, site),
                           site=site, **_feed_links())
    return _cacheable(make_response(html), item.updated_at)


def _uncached_refusal(html: str, status: int) -> Response:
    # Gone or missing is kept briefly too, without validators: a 304 stands
    # for a 200 the reader already has, never for a refusal.
    response = make_response(html, status)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


@bp.route("/fact-checks/feed.atom")
@public
def atom() -> BaseResponse:
    state = listing.public_state(db.session)
    feed = markup.AtomFeed(_site(), self_url=_absolute("public.atom"),
                           list_url=_absolute("public.index"),
                           page_url_of=lambda claim_id: _absolute("public.show",
                                                                  claim_id=claim_id))
    body = feed.document(feeds.recent_changes(db.session), state.last_modified)
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    return _cacheable(response, state.last_modified)


@bp.route("/fact-checks/feed.jsonld")
@public
def data_feed() -> BaseResponse:
    """Every published fact-check, streamed: its tag comes from what changed
    last (and the settings that shape it), not from hashing the body."""
    state = listing.public_state(db.session)
    site = _site()
    feed_url = _absolute("public.data_feed")
    shape = "|".join([state.fingerprint, site.publisher.name, site.publisher.url,
                      site.review_url_template, site.base_url])
    etag = hashlib.sha256(shape.encode("utf-8")).hexdigest()[:32]
    chunks = markup.data_feed_chunks(
        feeds.every_published(db.session, end_read=db.session.rollback), site,
        feed_url=feed_url, modified=state.last_modified)
    response = Response(stream_with_context(chunks),
                        content_type="application/ld+json; charset=utf-8")
    # Sent as it is written: make_conditional would otherwise read the whole
    # feed into memory, before the first byte, to set its Content-Length.
    response.implicit_sequence_conversion = False
    return _cacheable(response, state.last_modified, etag)
