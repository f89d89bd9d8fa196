"""The source registry: matching names and aliases, creating, editing and
merging sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.extraction import canonical_outlet, normalize_source_name
from factcheck.domain.extraction.outlets import BUILTIN_OUTLETS
from factcheck.domain.roles import Permission
from factcheck.domain.sources import SourceKind
from factcheck.models.attribution import AttributionHop
from factcheck.models.source import Source, SourceAlias
from factcheck.services.audit import trail as audit
from factcheck.services.core.actors import Actor, require
from factcheck.services.core.errors import Conflict, NotFound, ValidationFailed
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
    """(name, aliases) of every source, for extraction to recognise."""
    aliases: dict[int, list[str]] = {}
    for source_id, alias in session.execute(sa.select(SourceAlias.source_id, SourceAlias.alias)):
        aliases.setdefault(source_id, []).append(alias)
    return [(name, aliases.get(source_id, []))
            for source_id, name in session.execute(sa.select(Source.id, Source.name))]


def _builtin_aliases(name: str) -> Iterable[str]:
    return BUILTIN_OUTLETS.get(name, ())


def _key_taken(session: DbSession, key: str) -> bool:
    """Whether some source already answers to exactly this key."""
    return bool(session.scalar(sa.select(
        sa.exists().where(Source.name_key == key) | sa.exists().where(SourceAlias.alias_key == key)
    )))


def get_or_create(session: DbSession, actor: Actor, name: str, kind: SourceKind) -> Source:
    """The registry's source for this name, created (with the built-in
    aliases of a known outlet) when there is none yet."""
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
        return existing
    source = Source(name=name, name_key=name_key(name), kind=kind, notes="")
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
    audit.record(session, actor, AuditAction.SOURCE_MERGED, ENTITY, keep.id, before=before,
                 after={**keep.audit_snapshot(), "hops_repointed": moved})
