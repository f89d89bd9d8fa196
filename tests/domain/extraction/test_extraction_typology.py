"""Attribution typology (PARC / PDTB): one invented wire-story sentence per category, source
spans from syntax, nested chains, pronouns, source lines, and hostile input."""

from __future__ import annotations

import time

import pytest

from factcheck.domain.extraction import ExtractedClaim, extract
from factcheck.domain.extraction.attribution import has_trigger


def _only(text: str) -> ExtractedClaim:
    claims = extract(text).claims
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


def _sources(text: str, c: ExtractedClaim) -> list[tuple[str, str | None]]:
    """(name, the mention's text or None) for each hop, outermost first."""
    assert c.attribution is not None, c.text
    return [
        (h.name, text[h.start : h.end] if h.start is not None and h.end is not None else None)
        for h in c.attribution.chain
    ]


def _cue(c: ExtractedClaim) -> str | None:
    return c.attribution.cue if c.attribution else None


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        # assertions
        (
            "Finance Minister Ana Lopes said on Tuesday that the deficit would narrow.",
            "said",
            "Finance Minister Ana Lopes",
        ),
        (
            "The port authority announced that night shipments will resume in March.",
            "announced",
            "The port authority",
        ),
        (
            "Two senior diplomats insisted the ceasefire was holding.",
            "insisted",
            "Two senior diplomats",
        ),
        # beliefs and knowledge
        (
            "Aides to the governor fear the vote could slip to next year.",
            "fear",
            "Aides to the governor",
        ),
        (
            "Most analysts believe that the central bank will hold rates.",
            "believe",
            "Most analysts",
        ),
        ("The inspectors knew the dam was leaking.", "knew", "The inspectors"),
        # eventualities and demands
        (
            "The dockworkers' union called for an inquiry into the crane collapse.",
            "called for",
            "The dockworkers' union",
        ),
        # findings of documents and data
        (
            "The audit found that the agency overpaid contractors by $4 million.",
            "found",
            "The audit",
        ),
        (
            "Customs figures show that grain exports fell for a third month.",
            "show",
            "Customs figures",
        ),
        # noun cues
        (
            "The mayor's claim that crime has fallen rests on a single year of data.",
            "claim",
            "The mayor",
        ),
        (
            "In the words of one trader, the market has simply lost its nerve.",
            "words",
            "one trader",
        ),
        (
            "According to hospital staff, eleven patients were moved overnight.",
            "According to",
            "hospital staff",
        ),
        # belief adjectives
        ("Investors are confident that the merger will close by June.", "confident", "Investors"),
        ("The union's view is that the wage offer is too low.", "view", "The union"),
        # a month alone may be a name
        ("May's claim that the deal was done proved wrong.", "claim", "May"),
    ],
)
def test_each_typology_category_is_attributed(text: str, cue: str, source: str) -> None:
    c = _only(text)
    assert _cue(c) == cue
    assert _sources(text, c)[-1][1] == source
    att = c.attribution
    assert att is not None and att.cue_start is not None
    assert text[att.cue_start : att.cue_end] == cue


IMPERATIVES = [
    "Make sure that the gate is locked.",
    "Remember that the last ferry leaves at six.",
    "Please note that the quay is closed on Sundays.",
    "When the guard comes in, say that the gate is shut.",
    "Open the gate and remember that the dog bites.",
    "Keep in mind that the last ferry is often full.",
    "Be aware that the last ferry is often full.",
]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry did not deny that a second memo existed.",  # negated assertion
        "The company plans to open two stores in Lagos.",  # a plan, no proposition reported
        "Engineers showed the new turbine to visitors.",  # a finding verb without a clause
        "It is believed that the convoy left before dawn.",  # no source named (a hedge)
        "The report was published on Friday.",  # a document noun, no cue
        # a noun cue as a copula's subject reports only with a clause after the copula
        "The board's announcement was a blow to the dock workers.",
        # a time owns the noun cue, nobody who announced or claimed
        "Monday's announcement that the quay would close shocked the town.",
        "Last week's claim that the quay was safe proved wrong.",
        # Imperatives: the writer's own word to the reader; crediting "you" would
        # put the claim on nobody.
        *IMPERATIVES,
    ],
)
def test_not_attribution(text: str) -> None:
    assert _only(text).attribution is None


def test_source_keeps_title_and_drops_relative_clause() -> None:
    text = "Senior engineer Tomas Berg, who led the inspection, said the cracks were decades old."
    c = _only(text)
    assert _sources(text, c) == [("Senior engineer Tomas Berg", "Senior engineer Tomas Berg")]


def test_source_drops_a_trailing_apposition_after_a_name() -> None:
    text = "Nadia Ferreira, a spokeswoman for the ministry, said the talks would resume on Monday."
    assert _sources(text, _only(text)) == [("Nadia Ferreira", "Nadia Ferreira")]


def test_inverted_source_after_a_quote_stops_at_the_name() -> None:
    text = '"The cracks are old," said Tomas Berg to a crowd of residents.'
    assert _sources(text, _only(text)) == [("Tomas Berg", "Tomas Berg")]


def test_sources_are_noun_phrases_never_fragments() -> None:
    text = (
        "The council, which met on Monday after a long delay, said the budget was balanced. "
        "Officials who asked not to be named said the vote was close. "
        "A spokesman for the regional water board told reporters that supplies were safe."
    )
    ex = extract(text)
    spans = [h for c in ex.claims if c.attribution for h in c.attribution.chain]
    assert [text[h.start : h.end] for h in spans if h.start is not None and h.end is not None] == [
        "The council",
        "Officials",
        "A spokesman for the regional water board",
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The water board issued a statement saying that the reservoir was safe.", "a statement"),
        ("Farmers carried placards calling for a ban on the imports.", "placards"),
        ("The candidate shared a video claiming the count was rigged.", "a video"),
    ],
)
def test_a_participle_cue_on_a_noun_leaves_its_clause_out_of_the_source(
    text: str, source: str
) -> None:
    # the participle hangs on the noun that speaks; the content after it is no part of it
    assert [mention for _name, mention in _sources(text, _only(text))] == [source]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ('The notice on the gate reads "Closed to all boats until further notice."', "reads",
         "The notice on the gate"),
        ('The banner over the gate read "Save our harbour from the developers".', "read",
         "The banner over the gate"),
        ('The harbour master said "not this winter, and maybe not next year either" and left.',
         "said", "The harbour master"),
        # a noun cue before a colon and a quote
        ('The skipper likes the famous quote by Captain Reyes: "A harbour is only as good as '
         'its worst sailor."', "quote", "Captain Reyes"),
    ],
)
def test_a_direct_quote_as_the_object_of_a_cue_is_its_content(
    text: str, cue: str, source: str
) -> None:
    c = _only(text)
    assert _cue(c) == cue
    assert [mention for _name, mention in _sources(text, c)] == [source]


def test_a_quoted_title_after_a_verb_is_no_quote() -> None:
    assert _only('The skipper has read "Moby Dick" twice.').attribution is None


def test_recipient_of_told_is_not_the_source_unless_an_outlet() -> None:
    text = "The minister told reporters that the bridge would reopen."
    assert _sources(text, _only(text)) == [("minister", "The minister")]
    relayed = "Two officials told Reuters that the shipment had been seized."
    assert _sources(relayed, _only(relayed)) == [
        ("Reuters", "Reuters"),
        ("Two officials", "Two officials"),
    ]


def test_report_from_an_outlet_names_the_outlet() -> None:
    text = "According to a leaked report from the Financial Times, the talks collapsed."
    assert _sources(text, _only(text)) == [("Financial Times", "the Financial Times")]


def test_outlet_citing_another_outlet_is_a_nested_chain() -> None:
    text = "Yonhap, citing KCNA, said the launch had succeeded."
    assert _sources(text, _only(text)) == [
        ("Yonhap", "Yonhap"),
        ("Korean Central News Agency", "KCNA"),
    ]


def test_an_outlet_quoting_someone_as_saying_relays_them() -> None:
    text = "The Gazette quoted a senior port official as saying that the quay would close."
    assert _sources(text, _only(text)) == [
        ("Gazette", "The Gazette"),
        ("senior port official", "a senior port official"),
    ]
    passive = "The port official was quoted as saying that the quay would close."
    assert _sources(passive, _only(passive)) == [("port official", "The port official")]


def test_according_to_inside_a_reported_clause_is_the_inner_source() -> None:
    text = "The harbour master said that, according to the coastguard, the trawler had sunk."
    c = _only(text)
    assert _sources(text, c) == [
        ("harbour master", "The harbour master"),
        ("coastguard", "the coastguard"),
    ]
    assert _cue(c) == "according to"
    # outside the reported clause, the one "according to" names relays the speaker
    outer = "According to the coastguard, the harbour master said the trawler had sunk."
    assert [name for name, _ in _sources(outer, _only(outer))] == ["coastguard", "harbour master"]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        (
            "According to the Gazette, citing two port officials, the quay will close.",
            ["Gazette", "two port officials"],
        ),
        (
            "According to the Gazette, which cited customs data, exports fell.",
            ["Gazette", "customs data"],
        ),
        # the council cites, not the Gazette
        (
            "According to the Gazette, the council, citing costs, dropped the plan.",
            ["Gazette"],
        ),
    ],
)
def test_whom_an_according_to_source_cites_is_nested_after_it(
    text: str, chain: list[str]
) -> None:
    assert [name for name, _ in _sources(text, _only(text))] == chain


def test_a_source_citing_a_document_nests_it() -> None:
    text = "Exports fell 4% in May, the chamber of commerce said, citing customs data."
    assert _sources(text, _only(text)) == [
        ("chamber of commerce", "the chamber of commerce"),
        ("customs data", "customs data"),
    ]


def test_an_object_or_possessive_pronoun_source_resolves_to_the_last_named_person() -> None:
    text = (
        "Quay safety\n\n"
        "Tomas Berg has run the harbour for a decade. "
        "According to him, the eastern quay is unsafe. "
        "The Gazette quoted him as saying that the quay would close. "
        "His claim that the quay is sinking angered the council."
    )
    ex = extract(text)
    for starts, mention in (
        ("According to him", "him"),
        ("The Gazette quoted", "him"),
        ("His claim", "His"),
    ):
        (claim,) = [c for c in ex.claims if c.text.startswith(starts)]
        assert claim.attribution is not None
        hop = claim.attribution.chain[-1]
        assert (hop.name, hop.mention) == ("Tomas Berg", mention)


def test_a_first_person_source_outside_quotes_is_never_a_person_named_before() -> None:
    text = (
        "Quay safety\n\n"
        "Tomas Berg has run the harbour for a decade. "
        "I believe the eastern quay is unsafe. "
        'Berg disagrees: "I know every stone of that quay," he said.'
    )
    ex = extract(text)
    (mine,) = [c for c in ex.claims if c.text.startswith("I believe")]
    assert mine.attribution is not None
    hop = mine.attribution.chain[0]
    assert (hop.name, hop.mention) == ("I", None)


@pytest.mark.parametrize(
    "middle",
    [
        "Tomas Berg toured the Harbour Museum on Monday.",  # a thing after an article
        "Tomas Berg hired me last spring. So I went down to the quay.",  # "So I" is no name
    ],
)
def test_he_resolves_to_a_name_not_to_a_capitalised_run_that_is_none(middle: str) -> None:
    text = f"Museum\n\n{middle} He said the museum would close."
    (claim,) = [c for c in extract(text).claims if c.text.startswith("He said")]
    assert claim.attribution is not None
    hop = claim.attribution.chain[0]
    assert (hop.name, hop.mention) == ("Tomas Berg", "He")


def test_a_participle_before_the_document_noun_is_a_modifier_not_the_head() -> None:
    # "leaked" modifies "memo": the cited memo is a document, and a document is nested
    text = "The Gazette, citing a leaked memo, reported that the quay would close."
    assert _sources(text, _only(text)) == [
        ("Gazette", "The Gazette"),
        ("leaked memo", "a leaked memo"),
    ]


def test_quote_followed_by_said_and_a_pronoun_resolved_to_the_last_name() -> None:
    text = (
        "Harbour master Ines Duarte inspected the pier on Sunday.\n\n"
        '"We cannot let ships dock here," she said.'
    )
    ex = extract(text)
    c = next(c for c in ex.claims if c.text.startswith('"We cannot'))
    assert c.attribution is not None
    hop = c.attribution.chain[0]
    assert (hop.name, hop.mention) == ("Ines Duarte", "she")


def test_said_after_a_closing_quote_takes_the_quote() -> None:
    text = '"Nobody warned us." Ines Duarte said.'
    ex = extract(text)
    assert all(c.attribution and c.attribution.chain for c in ex.claims), [
        c.text for c in ex.claims
    ]


def _carried(text: str, starts: str) -> list[str]:
    """Names of the chain a claim inherited from another sentence or a source line."""
    c = next(c for c in extract(text).claims if c.text.startswith(starts))
    assert c.attribution is not None and c.attribution.inherited, c.text
    return [h.name for h in c.attribution.chain]


def test_colon_lead_in_carries_to_the_next_paragraph() -> None:
    text = (
        "Leave cancelled\n\nThe memo from the interior ministry reads:\n\n"
        '"All leave is cancelled until further notice."'
    )
    # the memo is the medium; the ministry that wrote it is the source
    assert _carried(text, '"All leave') == ["interior ministry"]


def test_colon_lead_in_carries_to_an_unquoted_paragraph_only() -> None:
    text = (
        "Harbour dues\n\nThe port authority wrote to the shipping firms. In it, the harbourmaster"
        " warned:\n\nDues will double in spring. Late payers lose their berths.\n\n"
        "The firms have not replied."
    )
    assert _carried(text, "Dues will double") == ["harbourmaster"]
    assert _carried(text, "Late payers") == ["harbourmaster"]
    # the paragraph after the content is the reporter's own again
    last = next(c for c in extract(text).claims if c.text.startswith("The firms"))
    assert last.attribution is None


def test_a_request_to_the_listener_is_no_attribution() -> None:
    # "could you explain", "can you tell us": questions put to "you", nothing reported
    for text in (
        "Could you explain why the ferry fares rose in March?",
        "Can you tell us whether the depot will close?",
        "Would you say the council acted too late?",
    ):
        assert _only(text).attribution is None, text
    # a statement about what "you" said still is one
    assert _cue(_only("You explained that the ferry fares rose in March.")) == "explained"


def test_an_infinitive_cue_takes_the_subject_of_its_governing_verb() -> None:
    # the small parser hangs "to acknowledge" off "come" as a clause of its own
    text = "By 2019, the regulator had come to acknowledge that the tariffs failed."
    c = _only(text)
    assert _cue(c) == "acknowledge"
    assert _sources(text, c) == [("regulator", "the regulator")]


def test_a_question_held_in_mind_is_a_belief() -> None:
    text = "The harbourmaster wondered whether the new dues would drive ships to Fenport."
    c = _only(text)
    assert _cue(c) == "wondered"
    assert _sources(text, c) == [("harbourmaster", "The harbourmaster")]


def test_a_reported_doubt_is_an_assertion() -> None:
    text = "Two councillors questioned whether the ferry subsidy would last the winter."
    c = _only(text)
    assert _cue(c) == "questioned"
    assert _sources(text, c) == [("Two councillors", "Two councillors")]


def test_dash_credit_attributes_the_paragraph_above() -> None:
    text = (
        "The strike will go on until the last depot signs the agreement.\n\n"
        "— Maria Okafor, on the dispute"
    )
    assert _carried(text, "The strike") == ["Maria Okafor"]


def test_a_list_of_dashed_items_is_no_credit() -> None:
    text = "The plan has three parts.\n\n- Lower fares\n- More buses\n- Later service"
    assert all(c.attribution is None for c in extract(text).claims)


def test_paper_authors_on_email_lines_speak_for_the_paper() -> None:
    text = (
        "Tide gauges and coastal flooding\n"
        "Ana Silva ana.silva@example.edu Coastal Institute, Lisbon\n"
        "Tom Berg tom.berg@example.org Harbour College, Bergen\n"
        "We measured sea levels at nine ports. Our results show a steady rise since 1990."
    )
    assert _carried(text, "We measured") == ["Ana Silva et al."]


def test_quotative_be_like_and_a_cue_after_a_closing_quote() -> None:
    text = 'So the driver was like, "nobody pays on this route."'
    c = _only(text)
    assert _cue(c) == "was like"
    assert _sources(text, c) == [("driver", "the driver")]
    text2 = "\u201cNot today,\u201d the guard snapped."
    assert _sources(text2, _only(text2)) == [("guard", "the guard")]


def test_first_person_essay_is_its_writers_but_a_news_report_is_not_its_reporters() -> None:
    essay = (
        "Why I Stopped Driving\n\nBy Jane Roe\n\n"
        "I sold my car last spring. My commute is longer now, and I read more. "
        "The city has never had better buses."
    )
    for c in extract(essay).claims[1:]:
        assert c.attribution is not None and c.attribution.chain[0].name == "Jane Roe", c.text
    report = (
        "Bus ridership rises\n\nBy Jane Roe\n\n"
        "Ridership on city buses rose 12% last year. The new routes opened in May."
    )
    assert all(c.attribution is None for c in extract(report).claims)


def test_the_pre_filter_only_skips_sentences_without_a_cue_word() -> None:
    assert has_trigger("Officials SAID the road was closed.")
    assert has_trigger("According to police, two men were held.")
    assert not has_trigger("The road was closed for a week in May.")


def test_cue_words_that_need_a_next_word_are_parsed_only_with_it() -> None:
    # "make" cues only in "make sure/certain", "point" in "point out/to", "like" before a
    # comma, colon or quote: without those the sentence is not parsed ...
    assert not has_trigger("The crew made a new timetable for the ferry.")
    assert not has_trigger("Point taken: the bus runs late.")
    assert not has_trigger("Commuters like the new route.")
    # ... and with them it is, and attributed
    for text, cue in [
        ("The mayor made sure that the pier could carry a bus.", "made sure"),
        ("The auditor pointed out that the fares had doubled.", "pointed out"),
        ('So the driver was like, "nobody pays on this route."', "was like"),
    ]:
        assert has_trigger(text)
        assert _cue(_only(text)) == cue, text


@pytest.mark.parametrize(
    "text",
    [
        "according to " * 2000,
        "According to the FT, " * 300 + "talks stalled.",
        "officials said that " * 400 + "it rained.",
        ("word " * 40_000).strip(),  # a 200 KB sentence without punctuation
        "Yonhap, citing KCNA, citing Xinhua, " * 200 + "said the launch failed.",
    ],
)
def test_hostile_input_completes(text: str) -> None:
    t0 = time.monotonic()
    ex = extract(text)
    assert time.monotonic() - t0 < 30  # a hang guard, not a speed target (see bench/)
    for c in ex.claims:
        assert text[c.start : c.end] == c.text


def test_a_source_met_twice_in_a_row_is_one_hop():
    text = ("According to a detailed report from the Harbour Gazette, the authority plans to "
            "sell the eastern quay, unnamed officials told the Harbour Gazette.")
    (claim,) = extract(text).claims
    names = [hop.name for hop in claim.attribution.chain]
    assert names.count("Harbour Gazette") == 1
    assert names[0] == "Harbour Gazette"


def test_a_cue_inside_an_untagged_quote_names_the_quoted_speaker() -> None:
    text = (
        "The Crossing\n\nMara looked at the empty pier.\n\n"
        "\u201cI think the ferry left without us.\u201d\n\nNobody answered her."
    )
    c = next(c for c in extract(text).claims if "ferry" in c.text)
    assert _cue(c) == "think"
    assert _sources(text, c)[0][1] == "I"


def test_a_speech_tag_outside_the_quote_wins_over_a_cue_inside_it() -> None:
    text = "\u201cI think the ferry left without us,\u201d the captain said."
    c = _only(text)
    assert _sources(text, c) == [("captain", "the captain")]
    assert _cue(c) == "said"


def test_a_letters_head_and_close_are_its_frame_not_its_writers_claims() -> None:
    text = (
        "Harbour Residents Association\n14 Quay Lane, Portwick\n3 March 2024\n"
        "Dear Councillor Mott,\n"
        "I write about the closure of the ferry slip. Our members rely on it every day.\n"
        "Sincerely,\nTessa Grant\n"
    )
    by_text = {c.text: c for c in extract(text).claims}
    writers = {t: c.attribution.chain[0].name for t, c in by_text.items() if c.attribution}
    assert writers.get("I write about the closure of the ferry slip.") == "Tessa Grant"
    assert writers.get("Dear Councillor Mott,") == "Tessa Grant"
    for frame in ("14 Quay Lane, Portwick", "Sincerely,", "Tessa Grant"):
        assert frame not in writers, frame


def test_a_bylined_essays_note_about_its_writer_is_not_in_the_writers_voice() -> None:
    text = (
        "Why I Swim in Winter\nBy Ola Berg\n"
        "I swim in the fjord every morning. My neighbours think I am mad.\n"
        "Ola Berg is a lecturer in marine biology at Northfield College.\n"
    )
    claims = {c.text: c for c in extract(text).claims}
    assert claims["I swim in the fjord every morning."].attribution.chain[0].name == "Ola Berg"
    note = "Ola Berg is a lecturer in marine biology at Northfield College."
    assert claims[note].attribution is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("And the driver was just like, nobody pays on this route.", "the driver"),
        ("So Rosa phoned me and was like, the boat is late again.", "Rosa"),
    ],
)
def test_quotative_be_like_after_an_adverb_or_a_first_verb(text: str, source: str) -> None:
    c = _only(text)
    assert c.attribution is not None and _cue(c) is not None and "like" in _cue(c)
    assert _sources(text, c)[0][1] == source


def test_it_was_like_is_a_hedge_not_a_quotative() -> None:
    assert _only("The old station was dark and it was like, a maze.").attribution is None


@pytest.mark.parametrize(
    "text",
    ["I feel like the council will close the pool.", "She felt as if the storm would never end."],
)
def test_a_belief_verb_with_a_like_or_as_if_clause_reports_a_belief(text: str) -> None:
    c = _only(text)
    assert _cue(c) in ("feel", "felt")


def test_feel_like_with_a_noun_is_no_belief() -> None:
    assert _only("After the swim I feel like a new person.").attribution is None


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The ferry company will ensure that every crossing has a lifeguard.", "ensure"),
        ("I wanted to make sure that the new pier could carry a bus.", "make sure"),
    ],
)
def test_ensuring_that_reports_an_intention(text: str, cue: str) -> None:
    c = _only(text)
    assert _cue(c) == cue
    assert c.attribution is not None and c.attribution.chain


def test_make_without_sure_reports_nothing() -> None:
    assert _only("The harbour master made a new timetable.").attribution is None


def _attributions_of_parse(words: list[str], heads: list[int], deps: list[str]) -> list[str]:
    """Cues found in a parse given by hand (the shapes the small parser produces now and then)."""
    from spacy.tokens import Doc

    from factcheck.domain.extraction.attribution import _Sentence
    from factcheck.domain.extraction.outlets import default_table
    from factcheck.domain.extraction.parse import nlp
    from factcheck.domain.extraction.quotes import QuoteIndex

    spaces = [i + 1 < len(words) and words[i + 1] not in (",", ".") for i in range(len(words))]
    doc = Doc(nlp().vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    found = _Sentence(doc.text, 0, len(doc.text), doc, QuoteIndex([]), default_table())
    return [a.cue or "" for a in found.attributions() if a.hops]


def test_a_that_clause_the_parser_lost_is_still_reported() -> None:
    # "Holm observed that the date, which was set late, matched the feast.": the parser hung
    # "date" on the verb as its object and "matched" on "date", but kept "that" as a marker
    words = ["Holm", "observed", "that", "the", "date", ",", "which", "was", "set", "late", ","]
    words += ["matched", "the", "feast", "."]
    heads = [1, 1, 4, 4, 1, 4, 8, 8, 4, 8, 4, 4, 13, 11, 1]
    deps = ["nsubj", "ROOT", "mark", "det", "dobj", "punct", "nsubjpass", "auxpass", "relcl"]
    deps += ["advmod", "punct", "acl", "det", "dobj", "punct"]
    assert _attributions_of_parse(words, heads, deps) == ["observed"]
    # "that" as the object itself ("Holm observed that.") reports nothing
    bare = (["Holm", "observed", "that", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"])
    assert _attributions_of_parse(*bare) == []


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "The fishermen are concerned the new quota will empty the harbour.",
            "concerned",
            "The fishermen",
        ),
        ("I have no doubt that the ferry will run again by spring.", "doubt", "I"),
        ("The dockers voiced the fear that the port would be sold.", "fear", "The dockers"),
        (
            "Several councillors had the impression that the mayor misled them.",
            "impression",
            "Several councillors",
        ),
        ("The pilots reached the conclusion that the buoy drifted.", "conclusion", "The pilots"),
        ("The skipper made the claim that the nets were cut.", "claim", "The skipper"),
        # verbs that take a reported clause
        ("The pilot reminded skippers that the channel shuts.", "reminded", "The pilot"),
        ("Two guards attested that the cells flooded every winter.", "attested", "Two guards"),
        ("The surveyors anticipated that the cliff would fall.", "anticipated", "The surveyors"),
        ("Most villagers accept that the old mill cannot be saved.", "accept", "Most villagers"),
        ("The inspector perceived that the ledger had been altered.", "perceived", "The inspector"),
        ("The keeper confessed that he had slept through the storm.", "confessed", "The keeper"),
    ],
)
def test_a_report_or_belief_through_a_less_common_cue(text: str, cue: str, source: str) -> None:
    c = _only(text)
    assert _cue(c) == cue
    assert _sources(text, c)[-1][1] == source


def test_a_held_noun_without_a_that_clause_is_no_belief() -> None:
    assert _only("The dockers have no doubt about the wages.").attribution is None
    assert _only("She had a feeling of dread on the pier.").attribution is None


@pytest.mark.parametrize(
    "text",
    [
        "The ferry company accepted the offer.",  # no clause: nothing reported
        "Two former guards gathered in the square.",
    ],
)
def test_the_new_verbs_without_a_clause_report_nothing(text: str) -> None:
    assert _only(text).attribution is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The port director was quoted as saying that the cranes were unsafe.",
            "The port director",
        ),
        ("Councillor Berg is on record as saying the tunnel will never pay.", "Councillor Berg"),
        ("The skipper was heard saying that the nets had been cut.", "The skipper"),
    ],
)
def test_a_source_quoted_as_saying(text: str, source: str) -> None:
    c = _only(text)
    assert _cue(c) == "saying"
    assert _sources(text, c)[-1][1] == source


def test_it_was_found_by_names_the_finder_only_with_a_clause() -> None:
    text = "It was found by the inquiry that the pilots had ignored the alarm."
    c = _only(text)
    assert _cue(c) == "found"
    assert _sources(text, c) == [("inquiry", "the inquiry")]
    # an object found by someone is no finding reported
    assert _only("The wreck was found by a diver.").attribution is None


def test_making_clear_that_is_an_assertion_of_the_subject() -> None:
    union = "The ferry union made clear that it would strike in May."
    court = "The court made it clear that the quay belongs to the town."
    assert (_cue(_only(union)), _sources(union, _only(union))) == (
        "made clear",
        [("ferry union", "The ferry union")],
    )
    assert _cue(_only(court)) == "made it clear"
    # made clear without a clause: nothing reported
    assert _only("The ferry union made it clear.").attribution is None
    assert _only("The ferry union made its position clear.").attribution is None


def test_an_as_clause_reports_only_without_an_object_of_its_own() -> None:
    # "as she recalled the old ferry": the verb has its own object; nothing is reported
    assert _only("As the pilot recalled the old ferry, the crowd laughed.").attribution is None
    put = "As the pilot put it, the new bridge is a gift."
    assert (_cue(_only(put)), _sources(put, _only(put))) == ("put", [("pilot", "the pilot")])
    assert _cue(_only("The bridge, as the pilot noted, is a gift.")) == "noted"


def test_a_negated_belief_without_a_clause_reports_nothing() -> None:
    # "we don't know where": nobody holds a belief about the sentence
    text = "The wreck lies somewhere (we don't know where) off the northern cape."
    assert _only(text).attribution is None
    assert _cue(_only("We don't think the wreck can be raised.")) == "think"
    assert _cue(_only("She didn't feel like the pier was safe.")) == "feel"


@pytest.mark.parametrize(
    "text",
    [
        "It is fair to say that the new quay was too expensive.",
        "It is worth noting that the ferry stops at noon on Sundays.",
    ],
)
def test_an_impersonal_it_frame_names_no_source(text: str) -> None:
    assert _only(text).attribution is None


def test_it_for_an_organisation_still_speaks() -> None:
    text = "The ferry line reported a loss. It went on to say that fares would rise."
    later = extract(text).claims[1]
    assert later.attribution is not None and later.attribution.chain
    assert _cue(_only("It was able to show that the fares had risen.")) == "show"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Addressing the council, Tom Berg, a fisherman, said the nets were cut.", "Tom Berg"),
        ("Writing in the Gazette, Lena Dahl, a historian, argued the fort is old.", "Lena Dahl"),
        ("Testifying before the committee, the minister said the quay was safe.", "the minister"),
    ],
)
def test_an_opening_participle_clause_is_not_the_source(text: str, source: str) -> None:
    assert _sources(text, _only(text))[-1][1] == source


def test_a_that_clause_after_the_medium_is_still_the_content() -> None:
    # the parser hangs "that ..." on "interview"; the medium's that-clause is what was told
    text = "Holm told the Gazette in an interview that the new quay would open in May."
    assert _sources(text, _only(text)) == [("Gazette", "the Gazette"), ("Holm", "Holm")]
    # a noun that is no medium keeps its own that-clause ("the claim that ...")
    assert _only("Holm wrote about the claim that the quay was closed.").attribution is None


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Two ferrymen reported hearing a loud bang near the quay.", "reported"),
        ("The treasurer admitted taking cash from the harbour fund.", "admitted"),
        ("Several neighbours recalled seeing smoke over the boathouse.", "recalled"),
    ],
)
def test_an_event_reported_through_a_gerund(text: str, cue: str) -> None:
    assert _cue(_only(text)) == cue


def test_a_gerund_after_another_verb_reports_nothing() -> None:
    assert _only("The ferrymen enjoyed hearing the band on the quay.").attribution is None




def test_a_quoted_imperative_is_the_speakers() -> None:
    text = '"Remember that the budget was cut twice," the harbour master said.'
    assert _sources(text, _only(text)) == [("harbour master", "the harbour master")]


def test_keeping_in_mind_needs_its_clause() -> None:
    text = "The pilots must bear in mind that the channel silts up."
    assert _sources(text, _only(text)) == [("pilots", "The pilots")]
    assert _only("We keep in touch with the harbour master.").attribution is None
    assert _only("Keep in mind the old ferry.").attribution is None


def test_expressing_a_clause_or_a_fear_that() -> None:
    text = "The harbour master expressed that the new quay was unsafe."
    assert _sources(text, _only(text)) == [("harbour master", "The harbour master")]
    assert _cue(_only("The harbour master expressed the fear that the quay would sink.")) == "fear"


def test_a_that_clause_read_as_a_determiner_is_still_reported() -> None:
    # "Berg stressed that Nordfjord through the new port has won a prize.": the parser read
    # "that" as a determiner of "Nordfjord", the object, and "won" as an adverbial clause
    words = ["Berg", "stressed", "that", "Nordfjord", "through", "the", "new", "port", "has"]
    words += ["won", "a", "prize", "."]
    heads = [1, 1, 3, 1, 1, 7, 7, 4, 9, 1, 11, 9, 1]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "det", "amod", "pobj", "aux", "advcl"]
    deps += ["det", "dobj", "punct"]
    assert _attributions_of_parse(words, heads, deps) == ["stressed"]
    # "that point" with a clause of its own that has a subject reports nothing
    words = ["Berg", "stressed", "that", "point", "while", "he", "was", "walking", "."]
    heads = [1, 1, 3, 1, 7, 7, 7, 1, 1]
    deps = ["nsubj", "ROOT", "det", "dobj", "mark", "nsubj", "aux", "advcl", "punct"]
    assert _attributions_of_parse(words, heads, deps) == []


def test_pointing_out_a_thing_is_no_assertion() -> None:
    assert _only("The guide pointed out the old cranes to the visitors.").attribution is None
    text = "The guide pointed out that the old cranes were still in use."
    assert _cue(_only(text)) == "pointed out"
    # a demand still takes its object
    assert _cue(_only("The dockers called for an inquiry into the fire.")) == "called for"


def test_a_reporting_aside_between_commas_is_a_report() -> None:
    # the parser takes the aside for the main clause and the sentence for its adverbial
    text = "The best stall of the fair, the Gazette observed from the queue, was the smokehouse."
    assert _sources(text, _only(text)) == [("Gazette", "the Gazette")]
    # an interjection before a comma is no aside
    um = "Um, I've learned so much from the harbour, but, um, it's fun."
    assert _only(um).attribution is None


def test_a_source_is_never_nameless() -> None:
    text = "Let's see whether the ferry is on time."
    (claim,) = extract(text).claims
    assert claim.attribution is not None
    assert [h.name for h in claim.attribution.chain] == ["we"]


def test_the_medium_on_the_subject_is_no_part_of_the_source() -> None:
    text = "The ferry line in a statement said the crossing would resume."
    assert _sources(text, _only(text)) == [("ferry line", "The ferry line")]
    relayed = "Holm in an interview with the Gazette said the quay was sold."
    assert [name for name, _ in _sources(relayed, _only(relayed))] == ["Gazette", "Holm"]
