"""Attribution: cues, source spans, chains (outermost first), hedges, carry-over."""

from __future__ import annotations

from pathlib import Path

from factcheck.domain.claims import ClaimKind
from factcheck.domain.extraction import (
    ExtractedClaim,
    Extraction,
    canonical_outlet,
    extract,
    normalize_source_name,
)
from factcheck.domain.sources import SourceKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def _load(name: str) -> tuple[str, Extraction]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text, extract(text)


def _claim(ex: Extraction, starts: str) -> ExtractedClaim:
    found = [c for c in ex.claims if c.text.startswith(starts)]
    assert len(found) == 1, [c.text for c in ex.claims]
    return found[0]


def _chain(text: str, c: ExtractedClaim) -> list[tuple[str, str, str | None]]:
    assert c.attribution is not None
    return [
        (
            h.name,
            str(h.kind),
            text[h.start : h.end] if h.start is not None and h.end is not None else None,
        )
        for h in c.attribution.chain
    ]


def test_sources_told_the_ft() -> None:
    text, ex = _load("relay_memo.txt")
    c = _claim(ex, "North Korea sent Washington a memo")
    assert c.text.endswith("sources told the FT.")
    assert _chain(text, c) == [
        ("Financial Times", "publication", "the FT"),
        ("sources", "anonymous", "sources"),
    ]
    att = c.attribution
    assert att is not None and att.cue == "told" and not att.inherited
    assert text[att.cue_start : att.cue_end] == "told"  # type: ignore[index]


def test_according_to_the_fts_sources() -> None:
    text, ex = _load("relay_memo.txt")
    c = _claim(ex, "According to the FT's sources")
    assert c.attribution is not None and c.attribution.cue == "According to"
    assert _chain(text, c) == [
        ("Financial Times", "publication", "the FT"),
        ("sources", "anonymous", "sources"),
    ]


def test_reportedly_reiterated_gets_the_relayed_outlet_and_hedge() -> None:
    text, ex = _load("relay_memo.txt")
    c = _claim(ex, "Foreign Minister Choe Son Hui reportedly reiterated")
    assert c.hedges == ("reportedly",)
    assert c.attribution is not None and c.attribution.cue == "reiterated"
    assert _chain(text, c) == [
        ("Financial Times", "publication", None),  # carried over: no mention here
        ("Foreign Minister Choe Son Hui", "person", "Foreign Minister Choe Son Hui"),
    ]
    assert c.attribution.chain[1].hedges == ("reportedly",)


def test_bullets_under_a_colon_lead_in_inherit() -> None:
    text, ex = _load("relay_memo.txt")
    lead = _claim(ex, "The demands reportedly included:")
    assert lead.kind is ClaimKind.OTHER
    for item in ("a halt to all joint", "the lifting of sanctions", "the return of frozen"):
        c = _claim(ex, item)
        assert c.attribution is not None and c.attribution.inherited
        assert _chain(text, c) == [("Financial Times", "publication", None)]
    assert _claim(ex, "the return of frozen").kind is ClaimKind.STATISTICAL


def test_yonhap_quoting_kcna() -> None:
    text, ex = _load("relay_memo.txt")
    c = _claim(ex, "Yonhap, quoting KCNA")
    assert c.attribution is not None and c.attribution.cue == "said"
    assert _chain(text, c) == [
        ("Yonhap", "publication", "Yonhap"),
        ("Korean Central News Agency", "publication", "KCNA"),
    ]


def test_quote_before_said_and_continued_quote() -> None:
    text, ex = _load("relay_memo.txt")
    first = _claim(ex, '"We will never accept')
    assert first.kind is ClaimKind.QUOTE
    assert _chain(text, first) == [("Kim Yo Jong", "person", "Kim Yo Jong")]
    assert first.attribution is not None and not first.attribution.inherited


def test_study_found_and_figures_show() -> None:
    text, ex = _load("relay_memo.txt")
    study = _claim(ex, "A study by the Korea Institute")
    assert study.attribution is not None and study.attribution.cue == "found"
    # the study is the medium: the institute that made it is the source
    assert _chain(text, study) == [
        (
            "Korea Institute for National Unification",
            "organization",
            "the Korea Institute for National Unification",
        )
    ]
    figures = extract(
        "Figures released by the Bank of Korea on Monday show that exports fell 4.2% in September."
    ).claims[0]
    assert figures.attribution is not None and figures.attribution.cue == "show"
    assert [(h.name, str(h.kind)) for h in figures.attribution.chain] == [
        ("Figures released by the Bank of Korea on Monday", "document")
    ]
    assert figures.kind is ClaimKind.STATISTICAL


def test_scare_quotes_are_not_attribution() -> None:
    _, ex = _load("relay_memo.txt")
    c = _claim(ex, "The ministry called the report")
    assert c.attribution is None
    assert c.kind is not ClaimKind.QUOTE


def test_pronoun_resolves_to_last_named_person() -> None:
    text, ex = _load("relay_memo.txt")
    c = _claim(ex, "She told reporters")
    assert c.attribution is not None
    hop = c.attribution.chain[0]
    assert (hop.name, hop.mention, text[hop.start : hop.end]) == ("Kim Yo Jong", "She", "She")  # type: ignore[index]


def test_multi_paragraph_quote_is_inherited() -> None:
    text, ex = _load("council_vote.txt")
    opener = _claim(ex, "He said, ")
    assert _chain(text, opener) == [("Councilman Rob Tate", "person", "He")]
    cont = _claim(ex, "We asked for an audit first")
    assert cont.attribution is not None and cont.attribution.inherited
    assert cont.attribution.cue == "said"
    assert _chain(text, cont) == [("Councilman Rob Tate", "person", None)]


def test_postposed_officials_said_and_told_afp() -> None:
    text, ex = _load("afp_flood.txt")
    c = _claim(ex, "Torrential rain forced")
    assert _chain(text, c) == [("officials", "anonymous", "officials")]
    q = _claim(ex, '"We have not seen anything')
    assert _chain(text, q) == [
        ("Agence France-Presse", "publication", "AFP"),
        ("forecaster", "person", "a forecaster"),
    ]


def test_government_and_media_kinds() -> None:
    text, ex = _load("afp_flood.txt")
    assert _chain(text, _claim(ex, "The Interior Ministry said"))[0][1] == "government"
    assert _chain(text, _claim(ex, "According to local media"))[0][1] == "publication"
    assert _claim(ex, "Residents described a").attribution is None


def test_unattributed_sentence_has_no_chain() -> None:
    _, ex = _load("council_vote.txt")
    c = _claim(ex, "The Millbrook city council voted 7-2")
    assert c.attribution is None
    assert c.to_dict()["attribution"] == {
        "cue": None,
        "cue_start": None,
        "cue_end": None,
        "inherited": False,
        "chain": [],
    }


def test_two_sources_in_one_sentence_are_split() -> None:
    text = (
        "Police said the road was closed for safety reasons, but a council spokesman says "
        "repairs will take a week."
    )
    ex = extract(text)
    assert [c.text for c in ex.claims] == [
        "Police said the road was closed for safety reasons,",
        "but a council spokesman says repairs will take a week.",
    ]
    assert [c.attribution.chain[0].name for c in ex.claims if c.attribution] == [
        "Police",
        "council spokesman",
    ]


def test_known_sources_extend_the_alias_table() -> None:
    text = "The plant was closed in May, the Gazette reported."
    plain = extract(text).claims[0]
    assert plain.attribution is not None
    assert plain.attribution.chain[0].name == "Gazette"
    reg = extract(text, known_sources=[("Millbrook Gazette", ["the Gazette", "Gazette"])]).claims[0]
    assert reg.attribution is not None
    assert reg.attribution.chain[0].name == "Millbrook Gazette"
    assert reg.attribution.chain[0].kind is SourceKind.PUBLICATION


def test_passive_and_hedged_is_said_to() -> None:
    ex = extract("It is said to be the largest plant in Europe.")
    assert ex.claims[0].attribution is None
    assert ex.claims[0].hedges == ("it is said",)
    ex2 = extract("The claim was denied by the Defense Ministry on Friday.")
    att = ex2.claims[0].attribution
    assert att is not None and att.cue == "denied"
    assert att.chain[0].name == "Defense Ministry"


def test_canonical_outlet_and_normalisation() -> None:
    assert canonical_outlet("FT") == "Financial Times"
    assert canonical_outlet("the FT") == "Financial Times"
    assert canonical_outlet("AP") == "Associated Press"
    assert canonical_outlet("ap") is None  # short all-caps aliases are case-sensitive
    assert canonical_outlet("Yonhap news agency") == "Yonhap"
    assert canonical_outlet("KCNA") == "Korean Central News Agency"
    assert canonical_outlet("Some Blog") is None
    assert normalize_source_name("  The Financial  Times's ") == "financial times"
    assert normalize_source_name("Agence France‑Presse") == normalize_source_name(
        "agence france‑presse"
    )


def test_a_hyphenated_source_word_stays_whole() -> None:
    text = (
        "Harbour board shake-up\n\n"
        "The co-founder of the ferry firm told reporters the route was profitable.\n\n"
        "The e-mail said the pier would close in May.\n"
    )
    ex = extract(text)
    assert [h[2] for h in _chain(text, _claim(ex, "The co-founder"))] == [
        "The co-founder of the ferry firm"
    ]
    assert [h[2] for h in _chain(text, _claim(ex, "The e-mail"))] == ["The e-mail"]


def test_a_speech_tag_belongs_to_its_own_quote_not_the_one_before() -> None:
    text = (
        "Levy vote\n\n"
        '"We are not going to cave," Johnson told reporters. "The voters sent us here."\n\n'
        '"We will win," said Ruiz. "Our count shows a lead of ten votes."\n\n'
        '"The levy is dead," Ruiz said.\n'
    )
    ex = extract(text)
    # the quote that ends Johnson's paragraph is never Ruiz's, whose tag opens the next one
    untagged = _claim(ex, '"The voters sent us here."').attribution
    assert untagged is None or "Ruiz" not in [h.name for h in untagged.chain]
    tagged = _claim(ex, '"We will win,"').attribution
    assert tagged is not None and [h.name for h in tagged.chain] == ["Ruiz"]


def test_people_familiar_with_or_close_to_something_are_anonymous_sources() -> None:
    text = (
        "Talks stall\n\n"
        "Two people familiar with the negotiations said the talks had stalled.\n\n"
        "Sources close to the minister said she would resign.\n\n"
        "A close aide said the minister was tired.\n"
    )
    ex = extract(text)
    for starts in ("Two people", "Sources close", "A close aide"):
        chain = _chain(text, _claim(ex, starts))
        assert [kind for _name, kind, _span in chain] == ["anonymous"], chain


def test_a_plural_group_is_a_later_they_never_a_he() -> None:
    text = (
        "Budget row\n\n"
        "Critics say the plan is too costly.\n\n"
        "He added that the tax would fall on renters.\n\n"
        "Economists warned that rents could rise. They said the council had ignored them.\n"
    )
    ex = extract(text)
    he = _claim(ex, "He added").attribution
    assert he is not None and [h.name for h in he.chain] == ["He"]  # left unresolved
    they = _claim(ex, "They said").attribution
    assert they is not None and [h.name for h in they.chain] == ["Economists"]
