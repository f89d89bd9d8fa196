"""Editing a claim's attribution chains: hops added, removed, reordered,
their source, cue, hedges and stated/inherited flag. Audited on the claim,
so its history tells the whole story."""

from __future__ import annotations

from factcheck.domain.audit_actions import AuditAction
from factcheck.domain.sources import SourceKind
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.claim import Claim
from factcheck.models.types import utcnow
from factcheck.services.audit import trail as audit
from factcheck.services.claims.editing import check_editable
from factcheck.services.core.actors import Actor
from factcheck.services.core.errors import NotFound, ValidationFailed
from factcheck.services.core.session import DbSession
from factcheck.services.intake.text_input import plain_field
from factcheck.services.sources import registry as sources


def _chains(claim: Claim) -> list[list[dict[str, object]]]:
    return [[{**hop.audit_snapshot(), "source": hop.source.name if hop.source else None}
             for hop in attribution.hops] for attribution in claim.attributions]


def _begin(actor: Actor, claim: Claim, expected_version: int) -> list[list[dict[str, object]]]:
    check_editable(actor, claim, expected_version)
    return _chains(claim)


def _finish(session: DbSession, actor: Actor, claim: Claim, action: AuditAction,
            before: list[list[dict[str, object]]]) -> None:
    _renumber(session, claim)
    # Editing a chain is an edit of the claim: touching the row bumps its
    # version, so a second editor working from the old chain gets a conflict.
    claim.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, action, "claim", claim.id, before={"chains": before},
                 after={"chains": _chains(claim)})


def _renumber(session: DbSession, claim: Claim) -> None:
    """Positions are unique per parent: park them out of the way, flush,
    then set them, so a reorder never collides with itself mid-update."""
    wanted_chains = [(attribution, position) for position, attribution
                     in enumerate(claim.attributions)]
    wanted_hops = [(hop, index) for attribution in claim.attributions
                   for index, hop in enumerate(attribution.hops)]
    for offset, (attribution, _) in enumerate(wanted_chains):
        attribution.position = -1 - offset
    for offset, (hop, _) in enumerate(wanted_hops):
        hop.position = -1 - offset
    session.flush()
    for attribution, position in wanted_chains:
        attribution.position = position
    for hop, index in wanted_hops:
        hop.position = index
    session.flush()


def _attribution(claim: Claim, attribution_id: int) -> Attribution:
    for attribution in claim.attributions:
        if attribution.id == attribution_id:
            return attribution
    raise NotFound("That chain does not belong to this claim.")


def _hop(claim: Claim, hop_id: int) -> AttributionHop:
    for attribution in claim.attributions:
        for hop in attribution.hops:
            if hop.id == hop_id:
                return hop
    raise NotFound("That source does not belong to this claim's chains.")


def _refuse_nul(source_name: str, cue: str, hedges: str) -> None:
    for value, what in ((source_name, "The source"), (cue, "The cue"), (hedges, "The hedges")):
        plain_field(value, what)


def _clean_hedges(raw: str) -> str:
    words = [" ".join(part.split()) for part in raw.replace(";", ",").split(",")]
    return ",".join(word for word in words if word)[:300]


def add_hop(session: DbSession, actor: Actor, claim: Claim, *, expected_version: int,
            attribution_id: int | None, source_name: str, kind: SourceKind, cue: str,
            hedges: str, inherited: bool) -> None:
    """Append a source to a chain (the innermost end), or start a new chain."""
    before = _begin(actor, claim, expected_version)
    _refuse_nul(source_name, cue, hedges)
    if not source_name.strip():
        raise ValidationFailed("Name the source.")
    source = sources.get_or_create(session, actor, source_name, kind)
    if attribution_id is None:
        attribution = Attribution(position=len(claim.attributions))
        claim.attributions.append(attribution)
    else:
        attribution = _attribution(claim, attribution_id)
    attribution.hops.append(AttributionHop(
        position=len(attribution.hops), source_id=source.id, source=source,
        cue=cue.strip()[:120] or None, hedges=_clean_hedges(hedges), inherited=inherited))
    _finish(session, actor, claim, AuditAction.ATTRIBUTION_CREATED, before)


def update_hop(session: DbSession, actor: Actor, claim: Claim, hop_id: int, *,
               expected_version: int, source_name: str, kind: SourceKind | None, cue: str,
               hedges: str, inherited: bool) -> None:
    before = _begin(actor, claim, expected_version)
    _refuse_nul(source_name, cue, hedges)
    hop = _hop(claim, hop_id)
    renamed = bool(source_name.strip()) and source_name.strip() != hop.source.name
    # A kind chosen for a source still of unknown kind is taken (the
    # registry does the same); a known kind is changed on the source page.
    kind_learned = (kind not in (None, SourceKind.UNKNOWN)
                    and hop.source.kind is SourceKind.UNKNOWN)
    if renamed or kind_learned:
        source = sources.get_or_create(session, actor, source_name.strip() or hop.source.name,
                                       kind or SourceKind.UNKNOWN)
        hop.source_id, hop.source = source.id, source
    hop.cue = cue.strip()[:120] or None
    hop.hedges = _clean_hedges(hedges)
    hop.inherited = inherited
    _finish(session, actor, claim, AuditAction.ATTRIBUTION_UPDATED, before)


def remove_hop(session: DbSession, actor: Actor, claim: Claim, hop_id: int, *,
               expected_version: int) -> None:
    before = _begin(actor, claim, expected_version)
    hop = _hop(claim, hop_id)
    attribution = hop.attribution
    attribution.hops.remove(hop)
    if not attribution.hops:
        claim.attributions.remove(attribution)
    _finish(session, actor, claim, AuditAction.ATTRIBUTION_DELETED, before)


def move_hop(session: DbSession, actor: Actor, claim: Claim, hop_id: int, *, offset: int,
             expected_version: int) -> None:
    """Move a hop towards the outermost reporter (-1) or the origin (+1)."""
    before = _begin(actor, claim, expected_version)
    hop = _hop(claim, hop_id)
    hops = hop.attribution.hops
    index = hops.index(hop)
    target = index + offset
    if not 0 <= target < len(hops):
        raise ValidationFailed("That source is already at the end of its chain.")
    hops.insert(target, hops.pop(index))
    _finish(session, actor, claim, AuditAction.ATTRIBUTION_UPDATED, before)
