"""The source registry pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from factcheck.domain.roles import Permission
from factcheck.domain.sources import SourceKind
from factcheck.extensions import db
from factcheck.models.source import Source
from factcheck.services.core.errors import ServiceError, ValidationFailed
from factcheck.services.sources import registry as sources
from factcheck.services.sources import stats as source_stats
from factcheck.web.access import requires
from factcheck.web.article_forms import MergeSourceForm, SourceForm
from factcheck.web.paging import other_args, requested_page
from factcheck.web.use_case import Refusal, done, run

bp = Blueprint("sources", __name__)


@bp.route("/sources")
@requires(Permission.VIEW_ARTICLES)
def index() -> str:
    # PostgreSQL refuses NUL in a text parameter; nobody searches for one.
    search = (request.args.get("q") or "").replace("\x00", "").strip()[:200]
    kind_value = request.args.get("kind") or ""
    kind = SourceKind(kind_value) if kind_value in SourceKind.__members__.values() else None
    # "suggested": only what extraction made and nobody confirmed yet.
    status = request.args.get("status") if request.args.get("status") in STATUSES else ""
    figures = source_stats.registry_figures(db.session, current_user)
    page = source_stats.source_rows(db.session, current_user, figures, search=search,
                                    kind=kind, suggested=_suggested_filter(status),
                                    page=requested_page())
    return render_template("sources/index.html", page=page, figures=figures, search=search,
                           kind=kind_value, status=status, args=other_args())


STATUSES = ("suggested", "confirmed")


def _suggested_filter(status: str | None) -> bool | None:
    return None if not status else status == "suggested"


def _source_page(source: Source, form: SourceForm | None = None,
                 merge_form: MergeSourceForm | None = None, status: int = 200,
                 problem: str | None = None) -> tuple[str, int]:
    if form is None:
        form = SourceForm(version=str(source.version), name=source.name,
                          kind=source.kind.value, url=source.url or "", notes=source.notes,
                          aliases="\n".join(alias.alias for alias in source.aliases))
    claims = source_stats.claims_of_source(db.session, current_user, source.id)
    names = sources.source_names(db.session, current_user, excluding=source.id)
    return render_template("sources/show.html", source=source, form=form,
                           merge_form=merge_form or MergeSourceForm(), claims=claims,
                           source_names=names, problem=problem), status


@bp.route("/sources/<int:source_id>")
@requires(Permission.VIEW_ARTICLES)
def show(source_id: int) -> tuple[str, int]:
    return _source_page(sources.get_source(db.session, current_user, source_id))


@bp.route("/sources/<int:source_id>", methods=["POST"])
@requires(Permission.EDIT_SOURCES)
def update(source_id: int) -> ResponseReturnValue:
    source = sources.get_source(db.session, current_user, source_id)
    form = SourceForm()

    def refused(error: ServiceError | None, status: int) -> tuple[str, int]:
        if error is None:
            return _source_page(source, form=form, status=status)
        form.form_errors.append(error.message)
        fresh = sources.get_source(db.session, current_user, source_id)
        form.version.data = str(fresh.version)
        return _source_page(fresh, form=form, status=status)

    return run(form, lambda: sources.update_source(
        db.session, current_user, source, name=form.name.data or "",
        kind=SourceKind(form.kind.data), url=form.url.data or "", notes=form.notes.data or "",
        aliases=(form.aliases.data or "").splitlines(), expected_version=form.expected_version),
        refused=refused,
        success=lambda _: done("Source saved.", url_for("sources.show", source_id=source_id)))


@bp.route("/sources/<int:source_id>/merge", methods=["POST"])
@requires(Permission.MERGE_SOURCES)
def merge(source_id: int) -> ResponseReturnValue:
    keep = sources.get_source(db.session, current_user, source_id)
    form = MergeSourceForm()

    def merge_named() -> None:
        duplicate = sources.find_source(db.session, form.duplicate.data or "")
        if duplicate is None:
            raise ValidationFailed("No source by that name or alias.")
        sources.merge_sources(db.session, current_user, keep, duplicate)

    def refused(error: ServiceError | None, status: int) -> tuple[str, int]:
        if error is None:
            return _source_page(keep, merge_form=form, status=status)
        form.form_errors.append(error.message)
        return _source_page(sources.get_source(db.session, current_user, source_id),
                            merge_form=form, status=status)

    return run(form, merge_named, refused=refused, refusals=(ValidationFailed,),
               success=lambda _: done(f"Merged into {keep.name}; its names are now aliases.",
                                      url_for("sources.show", source_id=source_id)))


def _refused_on_source_page(source_id: int) -> Refusal:
    def refused(error: ServiceError | None, status: int) -> tuple[str, int]:
        source = sources.get_source(db.session, current_user, source_id)
        return _source_page(source, status=status,
                            problem=error.message if error else "That did not work; try again.")
    return refused


@bp.route("/sources/<int:source_id>/confirm", methods=["POST"])
@requires(Permission.EDIT_SOURCES)
def confirm(source_id: int) -> ResponseReturnValue:
    source = sources.get_source(db.session, current_user, source_id)
    return run(None, lambda: sources.confirm_source(db.session, current_user, source),
               refused=_refused_on_source_page(source_id),
               success=lambda _: done(f"{source.name} is confirmed.",
                                      url_for("sources.show", source_id=source_id)))


@bp.route("/sources/<int:source_id>/delete", methods=["POST"])
@requires(Permission.EDIT_SOURCES)
def delete(source_id: int) -> ResponseReturnValue:
    source = sources.get_source(db.session, current_user, source_id)
    name = source.name
    return run(None, lambda: sources.delete_suggested_source(db.session, current_user, source),
               refused=_refused_on_source_page(source_id),
               success=lambda _: done(f"Deleted the suggested source {name}.",
                                      url_for("sources.index", status="suggested")))
