"""The source registry: matching names and aliases, creating, editing and
merging sources; confirming suggested ones (made by extraction) and
deleting those nobody used."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.extraction import canonical_outlet, normalize_source_name
from factcheck.domain.extraction.outlets import BUILTIN_OUTLETS
from factcheck.domain.roles import Permission
from factcheck.domain.sources import SourceKind
from factcheck.models import figure_upkeep
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.source import Source, SourceAlias
from factcheck.models.types import utcnow
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import Conflict, NotFound, ValidationFailed
from factcheck.services.core.pages import Slice, slice_of
from factcheck.services.core.search import contains_text
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import plain_field, row_id_in_range, web_address

ENTITY = "source"


def name_key(name: str) -> str:
    key = normalize_source_name(name)[:300]
    if not key:
        raise ValidationFailed("A source needs a name.")
    return key


def _match_keys(name: str) -> list[str]:
    """Keys this name may be registered under, best first: itself, then the
    canonical outlet it stands for and that outlet's usual other names (so
    a source first entered as "FT" and the Financial Times stay one)."""
    keys = [normalize_source_name(name)]
    canonical = canonical_outlet(name)
    if canonical:
        keys.append(normalize_source_name(canonical))
        keys.extend(normalize_source_name(alias) for alias in _builtin_aliases(canonical))
    return list(dict.fromkeys(key for key in keys if key))


def find_source(session: DbSession, name: str) -> Source | None:
    """By its name or any alias, folded (FT and the Financial Times match)."""
    keys = _match_keys(name)
    if not keys:
        return None
    found: dict[str, Source] = {}
    for source in session.scalars(sa.select(Source).where(Source.name_key.in_(keys))):
        found.setdefault(source.name_key, source)
    for key, source in session.execute(
        sa.select(SourceAlias.alias_key, Source).join(Source, Source.id == SourceAlias.source_id)
        .where(SourceAlias.alias_key.in_(keys))
    ):
        found.setdefault(key, source)
    return next((found[key] for key in keys if key in found), None)


def registry_names(session: DbSession) -> list[tuple[str, list[str]]]:
    """(name, aliases) of the sources extraction should recognise as names:
    confirmed ones only, and no anonymous descriptions. A suggested source
    is extraction's own output; fed back, a stored "sources" made "FT's
    sources" one outlet-like hop on every later save, so the web's chains
    drifted from what ``factcheck extract`` prints for the same text."""
    learnable = (Source.confirmed_at.is_not(None)) & (Source.kind != SourceKind.ANONYMOUS)
    aliases: dict[int, list[str]] = {}
    for source_id, alias in session.execute(
            sa.select(SourceAlias.source_id, SourceAlias.alias)
            .join(Source, Source.id == SourceAlias.source_id).where(learnable)):
        aliases.setdefault(source_id, []).append(alias)
    return [(name, aliases.get(source_id, []))
            for source_id, name in session.execute(
                sa.select(Source.id, Source.name).where(learnable))]


def confirm_if_suggested(session: DbSession, actor: Actor, source: Source, why: str) -> None:
    """A person vouched for this source (``why`` says how): it stops being
    a suggestion. Audited; nothing happens to one already confirmed."""
    if not source.suggested:
        return
    _mark_confirmed(source)
    session.flush()
    audit.record(session, actor, AuditAction.SOURCE_CONFIRMED, ENTITY, source.id,
                 after={"name": source.name, "because": why})


def _mark_confirmed(source: Source) -> None:
    """Without an event of its own: for an edit or a merge, whose own
    event already says a person handled the source."""
    if source.suggested:
        source.confirmed_at = utcnow()


def confirm_sources_of_chains(session: DbSession, actor: Actor, claim_id: int) -> None:
    """A submitted review of this claim confirms every source its chains
    rest on: the reviewer has read the chain and rated it."""
    for source in session.scalars(
            sa.select(Source).join(AttributionHop, AttributionHop.source_id == Source.id)
            .join(Attribution, Attribution.id == AttributionHop.attribution_id)
            .where(Attribution.claim_id == claim_id, Source.confirmed_at.is_(None))
            .distinct().order_by(Source.id)):
        confirm_if_suggested(session, actor, source, "in the chain of a reviewed claim")


def confirm_source(session: DbSession, actor: Actor, source: Source) -> None:
    """Confirm a suggested source from the registry."""
    require(actor, Permission.EDIT_SOURCES)
    if not source.suggested:
        raise Conflict(f"{source.name} is already confirmed.")
    confirm_if_suggested(session, actor, source, "confirmed in the registry")


def delete_suggested_source(session: DbSession, actor: Actor, source: Source) -> None:
    """Delete a suggestion nobody uses; a confirmed source or one a chain
    rests on stays (merge it instead)."""
    require(actor, Permission.EDIT_SOURCES)
    if not source.suggested:
        raise Conflict(f"{source.name} is confirmed; only unused suggested sources "
                       "can be deleted. Merge it into another source instead.")
    hops = session.scalar(sa.select(sa.func.count()).select_from(AttributionHop)
                          .where(AttributionHop.source_id == source.id)) or 0
    if hops:
        raise Conflict(f"{source.name} is used in {hops} source chain"
                       f"{'' if hops == 1 else 's'}; only unused suggested sources can be "
                       "deleted. Merge it into another source instead.")
    before = source.audit_snapshot()
    source_id = source.id
    session.delete(source)
    session.flush()
    audit.record(session, actor, AuditAction.SOURCE_DELETED, ENTITY, source_id, before=before)


def _builtin_aliases(name: str) -> Iterable[str]:
    return BUILTIN_OUTLETS.get(name, ())


def _key_taken(session: DbSession, key: str) -> bool:
    """Whether some source already answers to exactly this key."""
    return bool(session.scalar(sa.select(
        sa.exists().where(Source.name_key == key) | sa.exists().where(SourceAlias.alias_key == key)
    )))


def get_or_create(session: DbSession, actor: Actor, name: str, kind: SourceKind, *,
                  by_person: bool = True) -> Source:
    """The registry's source for this name, created (with the built-in
    aliases of a known outlet) when there is none yet. ``by_person`` says a
    person named it (a chain edited by hand): the source is confirmed;
    extraction passes False and a new source is only suggested."""
    name = " ".join(plain_field(name, "The source's name").split())[:300]
    existing = find_source(session, name)
    # A new source of a known outlet is registered under its full name.
    name = canonical_outlet(name) or name
    if existing is not None:
        if existing.kind is SourceKind.UNKNOWN and kind is not SourceKind.UNKNOWN:
            before = existing.audit_snapshot()
            existing.kind = kind
            audit.record(session, actor, AuditAction.SOURCE_UPDATED, ENTITY, existing.id,
                         before=before, after=existing.audit_snapshot())
        if by_person:
            confirm_if_suggested(session, actor, existing, "named in a chain by hand")
        return existing
    source = Source(name=name, name_key=name_key(name), kind=kind, notes="")
    if by_person:
        _mark_confirmed(source)
    session.add(source)
    taken = {source.name_key}
    for alias in _builtin_aliases(name):
        key = normalize_source_name(alias)
        if key and key not in taken and not _key_taken(session, key):
            source.aliases.append(SourceAlias(alias=alias, alias_key=key))
            taken.add(key)
    session.flush()
    audit.record(session, actor, AuditAction.SOURCE_CREATED, ENTITY, source.id,
                 after=source.audit_snapshot())
    return source


def source_names(session: DbSession, actor: Actor, *, excluding: int | None = None,
                 limit: int = 2000) -> list[str]:
    """Names for the "source" boxes' suggestions, alphabetical; ``excluding``
    leaves one source out (a source is not merged into itself)."""
    require(actor, Permission.VIEW_ARTICLES)
    query = sa.select(Source.name).order_by(Source.name).limit(limit)
    if excluding is not None:
        query = query.where(Source.id != excluding)
    return list(session.scalars(query))


def sources_after(session: DbSession, actor: Actor, after: int | None, *, search: str = "",
                  limit: int = 50) -> Slice[Source]:
    """The registry in the order sources were added, by keyset, with their
    other names loaded up front; ``search`` matches names."""
    require(actor, Permission.VIEW_ARTICLES)
    where: list[sa.ColumnElement[bool]] = []
    if search:
        where.append(contains_text(Source.name, search))
    if after is not None:
        where.append(Source.id > after)
    rows = session.scalars(sa.select(Source).where(*where).order_by(Source.id)
                           .limit(limit + 1).options(selectinload(Source.aliases))).all()
    return slice_of(rows, limit, lambda source: (source.id,))


def get_source(session: DbSession, actor: Actor, source_id: int) -> Source:
    require(actor, Permission.VIEW_ARTICLES)
    source = session.get(Source, source_id) if row_id_in_range(source_id) else None
    if source is None:
        raise NotFound("No such source.")
    return source


def update_source(session: DbSession, actor: Actor, source: Source, *, name: str,
                  kind: SourceKind, url: str, notes: str, aliases: Sequence[str],
                  expected_version: int) -> None:
    require(actor, Permission.EDIT_SOURCES)
    url = web_address(url, "The website")
    for value, what in ((name, "The name"), (notes, "The notes"),
                        ("".join(aliases), "The other names")):
        plain_field(value, what)
    if source.version != expected_version:
        raise Conflict("Someone else changed this source while you were editing it. "
                       "Your changes were not saved; reload to see theirs.")
    before = source.audit_snapshot()
    new_key = name_key(name)
    if new_key != source.name_key:
        clash = find_source(session, name)
        if clash is not None and clash.id != source.id:
            raise Conflict(f"Another source is already called {clash.name}; merge them instead.")
    source.name = " ".join(name.split())[:300]
    source.name_key = new_key
    source.kind = kind
    source.url = url.strip() or None
    source.notes = notes.strip()
    wanted: dict[str, str] = {}
    for alias in aliases:
        alias = " ".join(alias.split())
        key = normalize_source_name(alias)
        if key and key != new_key:
            wanted.setdefault(key, alias)
    for existing in list(source.aliases):
        if existing.alias_key not in wanted:
            source.aliases.remove(existing)
    session.flush()
    have = {alias.alias_key for alias in source.aliases}
    for key, alias in wanted.items():
        if key in have:
            continue
        owner = find_source(session, alias)
        if owner is not None and owner.id != source.id:
            raise Conflict(f"The alias {alias} already belongs to {owner.name}.")
        source.aliases.append(SourceAlias(alias=alias, alias_key=key))
    session.flush()
    _mark_confirmed(source)
    session.flush()
    audit.record(session, actor, AuditAction.SOURCE_UPDATED, ENTITY, source.id,
                 before=before, after=source.audit_snapshot())


def merge_sources(session: DbSession, actor: Actor, keep: Source, duplicate: Source) -> None:
    """Fold a duplicate into the source kept: its name and aliases become
    aliases, its attribution hops point to the kept source, it goes away."""
    require(actor, Permission.MERGE_SOURCES)
    if keep.id == duplicate.id:
        raise ValidationFailed("Choose two different sources to merge.")
    before = {"kept": keep.audit_snapshot(), "merged": duplicate.audit_snapshot(),
              "merged_id": duplicate.id}
    # One bulk UPDATE moves the hops, behind the flush hooks' back: the
    # figures of the claims resting on the duplicate move with it here.
    resting = session.scalars(
        sa.select(Attribution.claim_id)
        .join(AttributionHop, AttributionHop.attribution_id == Attribution.id)
        .where(AttributionHop.source_id == duplicate.id)).all()
    with figure_upkeep.recounting(session, resting):
        moved = len(session.scalars(
            sa.update(AttributionHop).where(AttributionHop.source_id == duplicate.id)
            .values(source_id=keep.id).returning(AttributionHop.id)
            .execution_options(synchronize_session="fetch")
        ).all())
    carried = [(duplicate.name, duplicate.name_key)] + [
        (alias.alias, alias.alias_key) for alias in duplicate.aliases]
    if keep.kind is SourceKind.UNKNOWN:
        keep.kind = duplicate.kind
    if not keep.url and duplicate.url:
        keep.url = duplicate.url
    if duplicate.notes:
        keep.notes = (keep.notes + "\n\n" + duplicate.notes).strip()
    session.delete(duplicate)
    session.flush()
    have = {alias.alias_key for alias in keep.aliases} | {keep.name_key}
    for alias, key in carried:
        if key not in have:
            keep.aliases.append(SourceAlias(alias=alias, alias_key=key))
            have.add(key)
    session.flush()
    _mark_confirmed(keep)
    session.flush()
    audit.record(session, actor, AuditAction.SOURCE_MERGED, ENTITY, keep.id, before=before,
                 after={**keep.audit_snapshot(), "hops_repointed": moved})
