"""The whole extraction: layout -> metadata -> sentences -> attribution -> claims."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

from .article_metadata import article_metadata
from .attribution import analyze_units
from .carry import Unit, resolve
from .chains import split_points
from .claims import checkworthiness, claim_kind, features
from .layout import analyze_layout
from .model import Attribution, Block, ExtractedClaim, Extraction, Metadata
from .outlets import OutletTable, default_table
from .quotes import QuoteIndex, find_quotes
from .sentences import ANALYSED_PIECES, bounded_pieces, has_words, sentence_pieces
from .source_lines import apply_dash_credits, apply_writer, first_person_voice, writer
from .speaker_turns import apply_turns, find_turns

CONTEXT = 32


def _units(text: str, body: Iterable[Block]) -> list[Unit]:
    units: list[Unit] = []
    for bi, blk in enumerate(body):
        if blk.kind in ("bullet", "numbered"):
            # a list item is one unit, but no longer than a sentence may be
            for a, b, piece in bounded_pieces(text, blk.start, blk.end):
                units.append(Unit(a, b, bi, blk.kind, piece=piece))
            continue
        for a, b, piece in sentence_pieces(text, blk.start, blk.end):
            if has_words(text, a, b):
                units.append(Unit(a, b, bi, blk.kind, piece=piece))
    return units


def extract(
    text: str,
    known_sources: Iterable[tuple[str, Iterable[str]]] = (),
    declared: Metadata | None = None,
) -> Extraction:
    """Claims with attribution chains from an article (any text; never raises on input).
    ``declared``: metadata the article's page states (it wins over layout's guesses)."""
    if not isinstance(text, str):
        raise TypeError("extract() wants str")
    ks = list(known_sources)
    outlets = OutletTable(ks) if ks else default_table()
    layout = analyze_layout(text)
    meta = article_metadata(text, layout, outlets, declared)
    body = list(layout.body)
    quotes = QuoteIndex(find_quotes(text, [(b.start, b.end) for b in body]))
    units: list[Unit] = []
    sentences = _units(text, body)
    found = analyze_units(text, [(u.start, u.end) for u in sentences], quotes, outlets,
                          read=[u.piece < ANALYSED_PIECES for u in sentences])
    for u, attrs in zip(sentences, found, strict=True):
        outer = [a for a in attrs if not a.quoted]
        cuts = split_points(text, u.start, u.end, outer) if len(outer) > 1 else []
        if not cuts:
            u.attrs = attrs
            units.append(u)
            continue
        bounds = [u.start, *cuts, u.end]
        for a, b in itertools.pairwise(bounds):
            while a < b and text[a].isspace():
                a += 1
            sub = Unit(a, b, u.block, u.kind)
            sub.attrs = [x for x in attrs if x.cue_start is not None and a <= x.cue_start < b]
            units.append(sub)
    attributions = resolve(text, units, quotes, meta.outlet)
    apply_dash_credits(text, units, attributions, outlets)
    # a transcript's speakers speak for their turns; a byline over one names who wrote it
    # down, not who speaks in it
    turns = apply_turns(
        find_turns(text, layout.blocks), text, units, attributions, outlets, layout.blocks
    )
    author = writer(text, layout.blocks, layout.bylines)
    if author and not turns.inside and first_person_voice(text, body, quotes):
        apply_writer(author, text, units, attributions, outlets)
    claims = []
    for i, (u, att) in enumerate(zip(units, attributions, strict=True)):
        if i in turns.labels:
            continue
        s = text[u.start : u.end]
        qshare = sum(
            min(q.end, u.end) - max(q.start, u.start) for q in quotes.overlapping(u.start, u.end)
        )
        qshare_f = qshare / max(1, u.end - u.start)
        attributed = att is not None and bool(att.chain)
        feats = features(s)
        claims.append(
            ExtractedClaim(
                text=s,
                start=u.start,
                end=u.end,
                kind=claim_kind(s, qshare_f, attributed, feats),
                checkworthiness=checkworthiness(s, _reported(att), qshare_f >= 0.5, feats),
                hedges=tuple(dict.fromkeys(h[0] for h in u.hedges)),
                attribution=att,
                prefix=text[max(0, u.start - CONTEXT) : u.start],
                suffix=text[u.end : u.end + CONTEXT],
            )
        )
    return Extraction(meta, layout.blocks, tuple(claims), text)


def extract_document(
    document: str, known_sources: Iterable[tuple[str, Iterable[str]]] = ()
) -> Extraction:
    """Extraction of plain text or of a web page (sniffed from the content): a page is
    read as a web upload is (its article text, what it declares), and the result's
    ``text`` is that article text: the string every offset indexes."""
    # pages reads dates with this package's metadata module: imported here, not above
    from factcheck.domain.pages import looks_like_html, read_page

    if not looks_like_html(document):
        return extract(document, known_sources)
    page = read_page(document)
    declared = Metadata(page.title, page.outlet, page.byline, page.published)
    return extract(page.text, known_sources, declared)


_SPEAKER_PRONOUNS = frozenset({"i", "we", "you", "me", "us", "my", "our", "your"})


def _reported(att: Attribution | None) -> bool:
    """Does the claim rest on someone else's word? ("I think ..." is the speaker's own view.)"""
    return att is not None and any(
        (h.mention or h.name).lower() not in _SPEAKER_PRONOUNS for h in att.chain
    )


def extract_json(text: str, known_sources: Iterable[tuple[str, Iterable[str]]] = ()) -> str:
    return json.dumps(extract_document(text, known_sources).to_dict(), ensure_ascii=False)
