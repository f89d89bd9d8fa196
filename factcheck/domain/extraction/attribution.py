"""Attribution inside one sentence, read off its dependency parse.

The typology is PARC 3.0 / PDTB's: assertions ("X said that"), beliefs and knowledge ("X
believes"), eventualities ("X urged"), findings of documents ("the report found"), noun cues
("X's claim that", "in X's words", "according to X") and predicative adjectives ("X is
convinced that"). The source is always a noun phrase from the parse: the subject's subtree
(title and apposition kept, relative clauses cut), the object of "according to", the
possessor or by-phrase of a noun cue. Work per sentence is one pass over its tokens plus, for
each cue found, a walk over the source's subtree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from factcheck.domain.sources import SourceKind

from .cues import (
    ADJECTIVE_CUES,
    BARE_QUOTATIVES,
    NEEDS_PARTICLE,
    NOUN_CUES,
    QUOTATIVES,
    RELAY_FORMS,
    SUPPORT_FORMS,
    TRIGGERS,
    VERB_FORMS,
    VerbCue,
)
from .lexicon import load, words
from .mentions import DOC_WORDS, classify, display_name, is_pronoun
from .outlets import OutletTable
from .parse import parse, too_long
from .quotes import QuoteIndex


@dataclass
class LHop:
    start: int
    end: int
    name: str
    kind: SourceKind
    hedges: list[str] = field(default_factory=list)
    pronoun: bool = False


@dataclass
class LAttr:
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    hops: list[LHop]
    role: str  # according_pre, according_post, according_inner, pre, post, inverted, passive
    lemma: str = ""
    category: str = ""  # assertion, belief, finding, eventuality, noun, adjective
    # the cue stands inside a direct quote ("'I doubt it will pass,' she said"): the quoted
    # speaker's own attribution, used only when nobody outside the quote is its source
    quoted: bool = False


Token = Any  # spacy.tokens.Token (spaCy ships no type stubs for mypy's strict mode)

_LETTERS = re.compile(r"[^\W\d_]+")
# clausal or sentential dependents: a source noun phrase ends before them
_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "parataxis", "csubj", "xcomp"})
_NOUN_DEPS = frozenset(
    {"amod", "compound", "nsubj", "nsubjpass", "dobj", "pobj", "poss", "attr", "appos", "nmod"}
)
_NOT_SOURCES = frozenset(
    ["there", "what", "which", "who", "whom", "whose", "that", "these", "those", "here", "where"]
)
_RELATIVES = frozenset({"who", "that", "which", "whom"})
# a two-word cue whose second word is an adjective takes a clause, not an object
_CLAUSE_PARTICLES = frozenset({"sure", "certain", "clear"})
_REPORT_HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
_TELL = frozenset({"tell", "inform", "brief", "assure"})
_MEDIUM_NOUNS = frozenset(
    words(
        "interview statement post email letter note message release speech conference briefing"
        " remarks address broadcast filing tweet blog notice"
    )
)
# verbs that report an event through a gerund ("reported hearing", "admitted taking")
_GERUND_REPORTS = frozenset(
    words("report recall remember recollect admit acknowledge confess deny mention describe")
)
# fillers that look like a belief verb with a subject but report nothing
_FILLERS = frozenset({("you", "know"), ("you", "see"), ("i", "mean"), ("you", "mean")})
_SOURCE_PREPS = frozenset({"from", "by"})
_REQUEST_MODALS = frozenset({"can", "could", "would", "will", "ca", "wo"})
_BE_FORMS = frozenset(["is", "are", "was", "were", "am", "'m", "’m", "'re", "’re", "'s", "’s"])
_BE = frozenset(["is", "are", "was", "were", "be", "been", "'s"])
_BE_LEMMA_FORMS = _BE | {"seems", "seemed", "'s", "’s"}
# adjectives whose subject does what the infinitive after them says ("able to show")
_AGENT_ADJECTIVES = frozenset(["able", "unable", "willing", "unwilling", "ready", "eager", "keen"])
# the cue categories that report through a passive's by-phrase ("as reported by X")
_PASSIVE = frozenset({"assertion", "finding"})
# after a name that follows its verb ("said Smith to the crowd"), these start no part of it
_TRAILING_PREPS = frozenset(["to", "in", "on", "during", "after", "before", "with", "at", "from"])
_CLOSING_QUOTES = frozenset('"”»’')
_QUOTE_MARKS = frozenset("\"“”‘’'«»")
_EDGE_PUNCT = frozenset(",;:\"“”‘’'«»()[]—–-")
# a possessor made of these is a time, not a source ("last week's statement that ..."); a
# month alone may be a name ("May's claim that ..."), so months are left out
_MONTHS = frozenset(
    words("january february march april may june july august september october november december")
)
_TIME_WORDS = (frozenset(load("date_labels")) - _MONTHS) | frozenset(
    words("week month year decade century season quarter")
)
MAX_SOURCE_TOKENS = 25


# a quotative followed by what ``_quotative`` wants next: a comma, colon or quote mark
_QUOTATIVE_CUE = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(BARE_QUOTATIVES))) + r")\s*["
    + re.escape("".join(sorted(_QUOTE_MARKS | {",", ":"}))) + "]"
)


def has_trigger(sentence: str) -> bool:
    """Does the sentence hold a word that can cue attribution? (linear; no parse needed)

    A word that cues only before a particular next word ("make sure", "point out", "was
    like, ...") counts only when the sentence holds that next word too, looked for in the
    lower-cased text: a token is a piece of it, so no sentence the rules could read is left
    unparsed (looser than the rules: "made sure" anywhere keeps "made" in)."""
    low = sentence.lower()
    for w in _LETTERS.findall(low):
        if w not in TRIGGERS:
            continue
        particles = NEEDS_PARTICLE.get(w)
        if particles is not None:
            if any(p in low for p in particles):
                return True
        elif w in BARE_QUOTATIVES:
            if _QUOTATIVE_CUE.search(low):
                return True
        else:
            return True
    return False


def analyze_units(
    text: str,
    spans: Sequence[tuple[int, int]],
    quotes: QuoteIndex,
    outlets: OutletTable,
    read: Sequence[bool] | None = None,
) -> list[list[LAttr]]:
    """Attributions for each sentence span of text; sentences without a cue word are not
    parsed, nor those ``read`` marks False (the late pieces of an over-long sentence)."""
    out: list[list[LAttr]] = [[] for _ in spans]
    todo = [
        i
        for i, (a, b) in enumerate(spans)
        if (read is None or read[i]) and not too_long(text[a:b]) and has_trigger(text[a:b])
    ]
    docs = parse([text[spans[i][0] : spans[i][1]] for i in todo])
    for i, doc in zip(todo, docs, strict=True):
        a, b = spans[i]
        out[i] = _Sentence(text, a, b, doc, quotes, outlets).attributions()
    return out


class _Sentence:
    def __init__(
        self, text: str, base: int, end: int, doc: Any, quotes: QuoteIndex, outlets: OutletTable
    ) -> None:
        self.text = text
        self.quotes = quotes
        self.base = base
        self.doc = doc
        self.outlets = outlets
        # the parsed sentence is text[base:end] (sliced: Doc.text re-joins every token)
        self.ends_with_colon = text[base:end].rstrip().endswith(":")
        self.first_word = next((t.i for t in doc if t.is_alpha or t.is_digit), 0)
        # `"...," I said.`: a quote closes just before this sentence
        self.after_quote = any(ch in _CLOSING_QUOTES for ch in text[max(0, base - 3) : base])

    # ---------------------------------------------------------------- driving loop
    def attributions(self) -> list[LAttr]:
        found: list[LAttr] = []
        according: list[tuple[int, LAttr]] = []
        contents: list[tuple[int, int]] = []  # token spans of the verb cues' clauses
        for tok in self.doc:
            low = tok.lower_
            if low not in TRIGGERS:
                continue
            la: LAttr | None = None
            if low == "according":
                la = self._according(tok)
            elif low in VERB_FORMS:
                la = self._verb(tok, VERB_FORMS[low])
            if la is None and low in NOUN_CUES:
                la = self._noun(tok)
            if la is None and low in ADJECTIVE_CUES:
                la = self._adjective(tok)
            if la is None and low in QUOTATIVES:
                la = self._quotative(tok)
            if la is not None and la.hops:
                self._relay(la, tok)
                la.quoted = self.quotes.covering(self.base + tok.idx) is not None
                found.append(la)
                if la.role == "according_post" or la.role == "according_pre":
                    according.append((tok.i, la))
                elif la.role in ("pre", "post", "inverted"):
                    contents.extend(
                        (max(tok.i, c.left_edge.i), c.right_edge.i)
                        for c in tok.children
                        if c.dep_ == "ccomp"
                    )
        for i, la in according:
            if any(lo < i <= hi for lo, hi in contents):
                # "Lee said that, according to the police, the man fled": the police speak
                # inside Lee's report, so Lee is the outer source (before the verb, as in
                # "According to X, ..., officials told Y", it frames the whole sentence)
                la.role = "according_inner"
        return found

    # ---------------------------------------------------------------- cue kinds
    def _according(self, tok: Token) -> LAttr | None:
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
            to = self.doc[tok.i + 1]
        if to is None:
            return None
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        hops = self._source_hops(obj)
        if not hops:
            return None
        hops.extend(self._cited_after(obj))
        role = "according_post" if tok.i > self.first_word else "according_pre"
        return self._attr(tok, to, hops, role, "according to", "noun")

    def _cited_after(self, obj: Token) -> list[LHop]:
        """`according to the Gazette, citing port officials, ...`, `according to Reuters,
        which cited two sources, ...`: whom the source cites, set off right after it (the
        parser hangs the participle on the main verb: the token after the phrase is looked
        at, no search)."""
        relay = next(
            (c for c in obj.children if c.dep_ == "relcl" and c.lower_ in RELAY_FORMS), None
        )
        if relay is None:
            bounds = self._np_bounds(obj)
            j = bounds[1] if bounds else obj.i + 1
            doc = self.doc
            if j + 1 >= len(doc) or doc[j].text != ",":
                return []
            relay = doc[j + 1]
            if relay.lower_ not in RELAY_FORMS or not relay.lower_.endswith("ing"):
                return []
        cited = next((c for c in relay.children if c.dep_ == "dobj"), None)
        if cited is None or not self._names_a_source(cited, documents=True):
            return []
        return self._source_hops(cited)

    def _verb(self, tok: Token, cues: list[VerbCue]) -> LAttr | None:
        if tok.dep_ in _NOUN_DEPS:
            return None
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if (
            nxt is not None
            and nxt.lower_ == "it"
            and tok.i + 2 < len(self.doc)
            and self.doc[tok.i + 2].lower_ in _CLAUSE_PARTICLES
        ):
            nxt = self.doc[tok.i + 2]  # "made it clear that": "it" stands for the clause
        cue = None
        for c in cues:
            if not c.particle or (nxt is not None and nxt.lower_ == c.particle):
                cue = c
                break
            if " " in c.particle and self._words_follow(tok, c.particle.split()):
                cue = c  # "keep in mind that": a two-word particle
                nxt = self.doc[tok.i + len(c.particle.split())]
                break
        if cue is None:
            return None
        last = nxt if cue.particle else tok
        children = list(tok.children)
        deps = {c.dep_ for c in children}
        agent = next((c for c in children if c.dep_ == "agent"), None)
        if agent is not None:
            if cue.category not in _PASSIVE:
                # "it was found by the inquiry that": "find" is a belief verb first; its
                # finding sense reports through a by-phrase, with a clause, not an object
                # ("the leak was found by a diver")
                cue = next((c for c in cues if c.category in _PASSIVE and not c.particle), cue)
                if cue.category not in _PASSIVE or not _expletive_clause(children):
                    return None
            return self._passive(tok, last, cue, children, agent)
        if "nsubjpass" in deps or "auxpass" in deps:
            return None  # "it is believed that", "he was told": no source named
        if "neg" in deps and (
            cue.category != "belief"
            or ("ccomp" not in deps and not any(_likeness_clause(c) for c in children))
        ):
            return None  # "did not deny that": the source does not assert it ("I don't think"
            # still reports a belief, but a bare "I don't know" reports none)
        if not self._has_content(tok, last, cue, children, deps):
            return None
        subj = self._subject(tok, children)
        if subj is None:
            # An imperative ("Remember that the gate shuts at six") names no source: in news
            # it is the writer's own statement to the reader, and crediting it to "you"
            # would put a claim on nobody (GUM credits the reader; PARC-style news does not).
            return None
        if subj.lower_ == "it" and (cue.category == "belief" or _impersonal(subj, tok)):
            return None  # "it is fair to say that", "it is important to note": nobody's word
        if subj.lower_ == "you" and any(
            c.dep_ == "aux" and c.i < subj.i and c.lower_ in _REQUEST_MODALS for c in children
        ):
            return None  # "could you explain why ...": a request to the listener, not a report
        if (subj.lower_, cue.lemma) in _FILLERS and "ccomp" not in deps:
            return None
        hops = self._source_hops(
            subj,
            relative_of=tok if subj.lower_ in _RELATIVES else None,
            inverted=subj.i > tok.i,
            # "a statement saying that ...": the noun the participle hangs on is the source,
            # the participle's clause (the content) no part of it
            exclude=tok if tok.head.i == subj.i else None,
        )
        if not hops:
            return None
        if cue.lemma in _TELL:
            rec = next((c for c in children if c.dep_ in ("dobj", "dative")), None)
            if rec is not None and classify(self._np_text(rec), self.outlets) is (
                SourceKind.PUBLICATION
            ):
                hops = self._source_hops(rec) + hops
        else:
            # the medium may hang on the verb or on its subject ("Holm in an interview with
            # the Gazette said")
            on_subject = [c for c in subj.children if _medium_phrase(c)]
            medium = self._medium_outlet([*children, *on_subject])
            if medium:
                hops = medium + hops
        if subj.dep_ == "dobj" and tok.dep_ == "pcomp":
            # "the paper quoted the minister as saying": the paper relays the minister
            quoting = next((c for c in subj.head.children if c.dep_ == "nsubj"), None)
            if quoting is not None:
                hops = self._source_hops(quoting) + hops
        hedges = [c.lower_ for c in children if c.lower_ in _REPORT_HEDGES]
        if hedges:
            hops[-1].hedges.extend(hedges)
        role = self._role(tok, subj, children)
        return self._attr(tok, last, hops, role, cue.lemma, cue.category)

    def _passive(
        self, tok: Token, last: Token, cue: VerbCue, children: list[Token], agent: Token
    ) -> LAttr | None:
        """`the claim was denied by X`, `as reported by X`, `a study published by X found`"""
        if tok.dep_ == "acl":
            return None
        obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        has_subject = any(c.dep_ == "nsubjpass" for c in children)
        as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        if not has_subject and not as_clause:
            return None
        hops = self._source_hops(obj)
        return self._attr(tok, last, hops, "passive", cue.lemma, cue.category) if hops else None

    def _noun(self, tok: Token) -> LAttr | None:
        """`X's claim that ...`, `the accusation by X that ...`, `in X's words, ...`"""
        if tok.dep_ in ("ROOT",) and any(c.dep_ == "nsubj" for c in tok.children):
            return None
        src = None
        for c in tok.children:
            if c.dep_ == "poss":
                src = c
                break
            if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "of", "from"):
                src = next((g for g in c.children if g.dep_ == "pobj"), None)
                if src is not None:
                    break
        if src is None and tok.dep_ == "dobj" and tok.head.lower_ in SUPPORT_FORMS:
            # "I have no doubt that", "critics voiced the fear that": the support verb's
            # subject holds the belief the noun names
            src = self._subject(tok.head, list(tok.head.children))
        if src is None or (src.dep_ == "poss" and self._only_time_words(src)):
            return None  # "Monday's announcement that ...": a time, not who announced
        clause = any(
            c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.children)
            for c in tok.children
        )
        framing = tok.dep_ == "pobj" and tok.head.lower_ == "in"
        copula_that = (
            tok.dep_ == "nsubj"
            and tok.head.lower_ in _BE
            # "X's view is that ...": the clause, not any complement ("X's announcement
            # is a blow" names what the announcement did, not what it says)
            and any(
                c.dep_ == "ccomp" or (c.dep_ == "attr" and _holds_that_clause(c))
                for c in tok.head.children
            )
        )
        if not (clause or framing or copula_that or self._colon_quote_after(tok)):
            return None
        hops = self._source_hops(src)
        if not hops:
            return None
        role = "pre" if tok.i < len(self.doc) // 2 else "post"
        return self._attr(tok, tok, hops, role, NOUN_CUES[tok.lower_], "noun")

    def _only_time_words(self, tok: Token) -> bool:
        words_in = [
            t.lower_ for t in self.doc[tok.left_edge.i : tok.i + 1] if t.is_alpha
        ]
        return bool(words_in) and all(w in _TIME_WORDS for w in words_in)

    def _colon_quote_after(self, noun: Token) -> bool:
        """`the mayor's statement: "We will rebuild."`, `the famous words of Lincoln: "..."`:
        a colon right after the noun's phrase, then a quote mark."""
        doc = self.doc
        j = noun.right_edge.i
        if doc[j].text != ":":  # the parser may hang the colon on the noun
            j += 1
        return j + 1 < len(doc) and doc[j].text == ":" and doc[j + 1].text in _QUOTE_MARKS

    def _quotative(self, tok: Token) -> LAttr | None:
        """`and she was like, "no way"`, `I was just like, wow`: a form of "be" + "like"
        (an adverb may sit between) before a comma, colon or quote."""
        doc = self.doc
        be = doc[tok.i - 1] if tok.i > 0 else None
        while be is not None and be.dep_ == "advmod" and be.i > 0 and be.i >= tok.i - 2:
            be = doc[be.i - 1]
        if be is None or be.lower_ not in _BE_FORMS or tok.i + 1 >= len(doc):
            return None
        if tok.head.i != be.i and be.head.i != tok.i:
            return None
        if doc[tok.i + 1].text not in _QUOTE_MARKS | {",", ":"}:
            return None
        subj = self._subject(be, list(be.children))
        if subj is None or subj.lower_ in ("it", "this"):
            return None  # "it was like, a maze": a hedge, nobody speaks
        hops = self._source_hops(subj)
        return self._attr(be, tok, hops, "pre", "be like", "assertion") if hops else None

    def _adjective(self, tok: Token) -> LAttr | None:
        """`officials are confident that ...`"""
        if not any(c.dep_ == "ccomp" for c in tok.children):
            return None
        if tok.dep_ == "acomp":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        elif any(c.dep_ == "auxpass" for c in tok.children):
            # "residents are concerned the plant will close": the parser reads the adjective
            # as a passive participle; its subject hangs on it or on its "are"
            holders = [tok, *(c for c in tok.children if c.dep_ == "auxpass")]
            subj = next(
                (c for h in holders for c in h.children if c.dep_ in ("nsubj", "nsubjpass")),
                None,
            )
        else:
            return None
        if subj is None:
            return None
        hops = self._source_hops(subj)
        return self._attr(tok, tok, hops, "pre", tok.lower_, "adjective") if hops else None

    # ---------------------------------------------------------------- pieces
    def _has_content(
        self, tok: Token, last: Token, cue: VerbCue, children: list[Token], deps: set[str]
    ) -> bool:
        if cue.particle in _CLAUSE_PARTICLES:
            # "make sure that the doors are locked": the clause hangs off the particle
            # ("made it clear that ...": after "it"), or the parser hangs it as a subject or an
            # adverbial clause of the particle, or on the verb; "that" marks it then
            return any(
                c.dep_ == "ccomp" or (c.dep_ in ("csubj", "advcl") and _holds_that_clause(c))
                for c in last.children
            ) or any(c.dep_ == "ccomp" and c is not last and _marked_that(c) for c in children)
        if "ccomp" in deps or self._that_follows(tok) or _clause_after_a_medium(children):
            return True
        if cue.lemma in _GERUND_REPORTS and any(
            c.dep_ == "xcomp" and c.lower_.endswith("ing") and c.i > tok.i for c in children
        ):
            return True  # "witnesses reported hearing a bang", "she recalled seeing him"
        if cue.category == "belief" and any(_likeness_clause(c) for c in children):
            return True  # "I feel like the plan will fail", "she felt as if it were over"
        if " " in cue.particle:
            return "ccomp" in deps  # "keep in mind that ...": only with its clause
        if cue.particle and cue.category != "assertion":
            return True  # "call for X": the demand is the object ("pointed out the
            # features" shows them: an assertion takes a clause or a quote)
        if self._quote_follows(tok, bare=cue.category in _PASSIVE) or self._quote_precedes(
            tok, children
        ):
            return True  # `X said, "..."`, `"...," she said`
        if self.after_quote and cue.category == "assertion" and "dobj" not in deps:
            return True  # `"...," I said.`: the quote before is the content
        if self._parenthetical(tok, children):
            return True  # "The big hit, the Gazette observed from the door, was ...": the
            # parser took the aside for the main clause
        if tok.dep_ == "parataxis" or (
            tok.dep_ == "advcl" and self._marked_as(children) and not _takes_an_object(children)
        ):
            return True  # `..., he said.`, `as they said`
        # colon lead-in: the content follows
        return self.ends_with_colon and tok.i >= len(self.doc) - 4

    def _parenthetical(self, tok: Token, children: list[Token]) -> bool:
        """The cue, its subject and its prepositional phrases stand alone between two commas
        with the sentence going on on both sides (`..., the Gazette observed from the door,
        ...`)."""
        subj = next((c for c in children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i > tok.i or _takes_an_object(children):
            return False
        if any(c.dep_ == "aux" and c.lower_ in _BE_FORMS for c in children):
            return False  # "cognition is thinking, and ...": no aside
        own = [subj, *(c for c in children if c.dep_ in ("prep", "advmod", "aux"))]
        lo = min(tok.i, *(t.left_edge.i for t in own))
        hi = max(tok.i, *(t.right_edge.i for t in own))
        doc = self.doc
        before = sum(1 for t in doc[: max(0, lo - 1)] if t.is_alpha)
        return (
            before >= 2  # not "Um, I've learned ..."
            and hi + 2 < len(doc)
            and doc[lo - 1].text == ","
            and doc[hi + 1].text == ","
        )

    def _words_follow(self, tok: Token, words_after: list[str]) -> bool:
        end = tok.i + 1 + len(words_after)
        return end <= len(self.doc) and [t.lower_ for t in self.doc[tok.i + 1 : end]] == words_after

    def _that_follows(self, tok: Token) -> bool:
        """`observed that the date of the program, which ..., coincided with ...`: the parser
        lost the clause (hung its subject on the verb as an object) but kept "that" as the
        complementiser of something: a that-clause follows the verb all the same."""
        nxt = tok.i + 1
        if nxt >= len(self.doc) or self.doc[nxt].lower_ != "that":
            return False
        that = self.doc[nxt]
        if that.dep_ == "mark":
            return True
        # "emphasize that Creative Commons has provided ...": "that" read as a determiner of
        # the clause's subject, hung on the verb as its object, and the clause's verb (with
        # its auxiliary, without a subject) as an adverbial clause of the cue
        if that.dep_ != "det" or that.head.dep_ != "dobj":
            return False
        return any(
            c.dep_ == "advcl" and c.i > that.head.i and _finite_without_subject(c)
            for c in tok.children
        )

    def _quote_follows(self, tok: Token, bare: bool = False) -> bool:
        """A direct quote right after the cue: after a comma or colon (`said, "..."`), or,
        when `bare`, as its object (`the sign read "Closed"`, `he said "no comment"`)."""
        doc = self.doc
        j = tok.i + 1
        while j < len(doc) and j <= tok.i + 2 and doc[j].text in (",", ":"):
            j += 1
        if j >= len(doc) or doc[j].text not in _QUOTE_MARKS:
            return False
        if j > tok.i + 1:
            return True
        # a bare quote is a direct quote, not a title or a scare-quoted word
        return bare and self.quotes.covering(self.base + doc[j].idx + 1) is not None

    def _quote_precedes(self, tok: Token, children: list[Token]) -> bool:
        """A closing quote mark right before the cue or its subject (`"No," I say.`)."""
        first = min([tok.i] + [c.i for c in children if c.dep_ == "nsubj"])
        doc = self.doc
        return any(
            0 <= j < len(doc) and doc[j].text in _CLOSING_QUOTES for j in (first - 1, first - 2)
        )

    @staticmethod
    def _marked_as(children: Iterable[Token]) -> bool:
        return any(c.dep_ == "mark" and c.lower_ == "as" for c in children)

    def _subject(self, tok: Token, children: list[Token]) -> Token | None:
        subj = next((c for c in children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_.endswith("ing"):
            # "Speaking to reporters, Tom Berg, the mayor, said ...": the parser can take the
            # opening participle clause for the subject and hang the name inside it
            subj = _name_in_opening_participle(tok, children) or subj
        hops = 0
        cur = tok
        # "... and noted that": the subject of the first conjunct
        while subj is None and cur.dep_ == "conj" and hops < 8:
            cur = cur.head
            hops += 1
            subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        cur = tok
        while subj is None and cur.dep_ in ("xcomp", "acomp") and hops < 8:
            # "is pleased to note that", "must be able to say": the governing clause's subject
            cur = cur.head
            hops += 1
            subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "acl" and tok.lower_.endswith("ing"):
            subj = tok.head  # "a statement saying that"
        if subj is None and tok.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in children
        ):
            # "had come to acknowledge that", "went on to say that": the parser hangs the
            # infinitive as a clause of the main verb, whose subject is the source
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "advcl" and tok.lower_.endswith("ing"):
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.lower_.endswith("ing") and _reported_as(tok):
            # "she was quoted as saying that", "he is on record as saying", "they were heard
            # saying": the one quoted or heard is the subject of the verb above
            above = tok.head.head if tok.dep_ == "pcomp" else tok.head
            subj = next((c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if tok.dep_ == "pcomp" and subj is not None and subj.dep_ == "nsubj":
                # "the paper quoted the minister as saying": the one quoted is the object
                subj = next((c for c in above.children if c.dep_ == "dobj"), subj)
        return subj

    def _role(self, tok: Token, subj: Token, children: list[Token]) -> str:
        comp = next((c for c in children if c.dep_ in ("ccomp", "xcomp")), None)
        if tok.dep_ == "parataxis" or (comp is not None and comp.i < tok.i):
            return "post"
        if subj.i > tok.i:
            return "inverted"
        return "pre"

    def _medium_outlet(self, children: list[Token]) -> list[LHop]:
        """`said in an interview with the FT`, `said to Reuters`: the outlet relays."""
        for c in children:
            if c.dep_ != "prep":
                continue
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is None:
                continue
            if c.lower_ == "in" and obj.lower_ in _MEDIUM_NOUNS:
                for p in obj.children:
                    if p.dep_ == "prep" and p.lower_ in ("with", "to"):
                        o2 = next((g for g in p.children if g.dep_ == "pobj"), None)
                        if o2 is not None and self._is_outlet(o2):
                            return self._source_hops(o2)
            elif c.lower_ == "to" and self._is_outlet(obj):
                return self._source_hops(obj)
        return []

    def _is_outlet(self, tok: Token) -> bool:
        return classify(self._np_text(tok), self.outlets) is SourceKind.PUBLICATION

    def _relay(self, la: LAttr, cue_tok: Token) -> None:
        """`A, quoting B, said` -> A then B; `X, cited by A` -> A first. The relay participle
        hangs off the cue or off the source's head (looked at directly, never searched for)."""
        heads = [cue_tok]
        for c in cue_tok.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                heads.append(c)
        for head in heads:
            for r in head.children:
                if r.lower_ not in RELAY_FORMS:
                    continue
                agent = next((c for c in r.children if c.dep_ == "agent"), None)
                if agent is not None:
                    obj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        la.hops[:0] = self._source_hops(obj)
                    continue
                obj = next((c for c in r.children if c.dep_ == "dobj"), None)
                if (
                    obj is not None
                    and r.lower_.endswith("ing")
                    and self._names_a_source(obj, documents=True)
                ):
                    new = self._source_hops(obj)
                    if not any(h.start == n.start for h in la.hops for n in new):
                        la.hops.extend(new)

    def _attr(
        self, tok: Token, last: Token, hops: list[LHop], role: str, lemma: str, category: str
    ) -> LAttr:
        cs = self.base + tok.idx
        ce = self.base + last.idx + len(last.text)
        return LAttr(self.text[cs:ce], cs, ce, hops, role, lemma, category)

    # ---------------------------------------------------------------- source noun phrases
    def _np_bounds(
        self, head: Token, exclude: Token | None = None, inverted: bool = False
    ) -> tuple[int, int] | None:
        """Token range [i, j) of the noun phrase headed by `head`: its subtree up to the first
        clause (relative clause, adverbial clause, ...) on either side, edge punctuation and
        conjunctions trimmed."""
        lo, hi = head.left_edge.i, head.right_edge.i + 1
        for c in head.lefts:
            if c.dep_ in _CLAUSE_DEPS or (exclude is not None and c.i == exclude.i):
                lo = max(lo, c.right_edge.i + 1)
        named = head.text[:1].isupper()
        for c in head.rights:
            if (
                c.dep_ in _CLAUSE_DEPS
                or _medium_phrase(c)
                or (exclude is not None and c.i == exclude.i)
                or (c.dep_ == "acl" and self._set_off(c))
                or (c.dep_ == "appos" and named and self._after_comma(c))
                or (inverted and named and c.dep_ == "prep" and c.lower_ in _TRAILING_PREPS)
            ):
                hi = min(hi, c.left_edge.i)
                break
        doc = self.doc
        # the tokenizer splits "co-founder" and "e-mail" at the hyphen and the parser may hang
        # the pieces on the verb one by one: the phrase takes in every piece of the word
        while lo >= 2 and _glued_hyphen(doc, lo - 1):
            lo = min(lo - 2, doc[lo - 2].left_edge.i)
        while hi < len(doc):
            if hi + 1 < len(doc) and _glued_hyphen(doc, hi):  # "co" | "-founder"
                hi = max(hi + 2, doc[hi + 1].right_edge.i + 1)
            elif hi >= 2 and _glued_hyphen(doc, hi - 1):  # "e-" | "mail"
                hi = max(hi + 1, doc[hi].right_edge.i + 1)
            else:
                break
        for i in range(head.i + 1, hi):
            if doc[i].dep_ == "relcl":  # "one of the ads that I had put in": clause cut too
                hi = min(hi, doc[i].left_edge.i)
                break
        while lo < hi and (doc[lo].text in _EDGE_PUNCT or doc[lo].dep_ in ("cc", "punct")):
            lo += 1
        while hi > lo and (
            doc[hi - 1].text in _EDGE_PUNCT
            or doc[hi - 1].dep_ in ("cc", "punct", "case")
            or doc[hi - 1].lower_ in _RELATIVES
        ):
            hi -= 1
        if lo >= hi or not (lo <= head.i < hi):
            return None
        if hi - lo > MAX_SOURCE_TOKENS:
            hi = head.i + 1  # keep the head and what precedes it (title, name)
            if hi - lo > MAX_SOURCE_TOKENS:
                lo = hi - MAX_SOURCE_TOKENS
        return lo, hi

    def _after_comma(self, tok: Token) -> bool:
        lo = tok.left_edge.i
        return lo > 0 and self.doc[lo - 1].text in (",", "(", "—", "–")

    def _set_off(self, acl: Token) -> bool:
        """A participle clause with its own subject or set off by a comma ("Yonhap, quoting
        KCNA,") is no part of the noun phrase."""
        return _has_subject(acl) or self._after_comma(acl)

    def _np_text(self, head: Token) -> str:
        b = self._np_bounds(head)
        return self.doc[b[0] : b[1]].text if b else head.text

    def _source_hops(
        self,
        head: Token,
        relative_of: Token | None = None,
        inverted: bool = False,
        exclude: Token | None = None,
    ) -> list[LHop]:
        """The hop(s) for a source noun phrase; a document from an outlet names the outlet."""
        if relative_of is not None:
            # "officials who said": the relative clause's head noun is the source
            if relative_of.dep_ != "relcl":
                return []
            return self._source_hops(relative_of.head)
        low = head.lower_
        if low in _NOT_SOURCES or not any(ch.isalpha() for ch in head.text):
            return []
        if low in DOC_WORDS:
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in _SOURCE_PREPS:
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None and self._names_a_source(obj):
                        return self._source_hops(obj)  # the report is the medium
        bounds = self._np_bounds(head, exclude=exclude, inverted=inverted)
        if bounds is None:
            return []
        lo, hi = bounds
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is not None and poss.i >= lo:
            pb = self._np_bounds(poss)
            if pb is not None and pb[1] < hi:
                owner = self._hop(pb[0], pb[1])
                rest_lo = pb[1]
                while rest_lo < hi and self.doc[rest_lo].dep_ == "case":
                    rest_lo += 1
                if rest_lo < hi:
                    rest = self._hop(rest_lo, hi)
                    if owner.kind is SourceKind.PUBLICATION and rest.kind is SourceKind.ANONYMOUS:
                        return [owner, rest]
        return [self._hop(lo, hi)]

    def _names_a_source(self, tok: Token, documents: bool = False) -> bool:
        """Is this noun phrase someone (or, when `documents`, something) that can be cited?"""
        kind = classify(self._np_text(tok), self.outlets)
        if kind is SourceKind.DOCUMENT:
            return documents
        return kind is not SourceKind.UNKNOWN or tok.text[:1].isupper()

    def _hop(self, lo: int, hi: int) -> LHop:
        doc = self.doc
        a = self.base + doc[lo].idx
        b = self.base + doc[hi - 1].idx + len(doc[hi - 1].text)
        s = self.text[a:b]
        return LHop(
            a,
            b,
            # "let's see": the clitic "'s" is the speakers, "we"; a name is never empty
            display_name(s, self.outlets) or ("we" if s in ("'s", "’s") else s),
            classify(s, self.outlets),
            pronoun=is_pronoun(s),
        )


def _glued_hyphen(doc: Any, i: int) -> bool:
    """Is doc[i] a hyphen inside a word ("co-founder"), touching the tokens on both sides?"""
    return doc[i].text in ("-", "‐", "‑") and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _likeness_clause(tok: Token) -> bool:
    """A clause that a belief verb takes with "like" / "as if" / "as though" in place of
    "that" (the parser hangs it as an adverbial clause)."""
    if tok.dep_ != "advcl" or not _has_subject(tok):
        return False
    marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
    return marks[:1] == ["like"] or marks[:2] in (["as", "if"], ["as", "though"])


def _impersonal(subj: Token, cue: Token) -> bool:
    """`it is fair to say that`, `it would be strange for X to say`: the cue's subject was
    borrowed from an "it ... be + adjective" frame above it, which names no speaker."""
    if subj.head.i == cue.i:
        return False
    adjectives = [c for c in subj.head.children if c.dep_ in ("acomp", "attr")]
    if any(a.lower_ in _AGENT_ADJECTIVES or a.lower_ in ADJECTIVE_CUES for a in adjectives):
        return False  # "it was able to show", "it is pleased to announce": the firm speaks
    return bool(adjectives) or subj.head.lower_ in _BE_LEMMA_FORMS


def _name_in_opening_participle(cue: Token, children: list[Token]) -> Token | None:
    for clause in children:
        if (
            clause.i < cue.i
            and clause.dep_ in ("nsubj", "csubj", "advcl")
            and clause.lower_.endswith("ing")
        ):
            for c in clause.children:
                if c.dep_ == "npadvmod" and clause.i < c.i < cue.i and c.text[:1].isupper():
                    return c
    return None


def _medium_phrase(prep: Token) -> bool:
    """`in a statement`, `in their notice of appeal`: where a source spoke, not who it is."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ in ("in", "during")
        and any(c.dep_ == "pobj" and c.lower_ in _MEDIUM_NOUNS for c in prep.children)
    )


def _finite_without_subject(verb: Token) -> bool:
    return not _has_subject(verb) and any(c.dep_ == "aux" for c in verb.children)


def _clause_after_a_medium(children: list[Token]) -> bool:
    """`told the Gazette in an interview that ...`, `announced in a press release that ...`:
    the parser hangs the that-clause on the medium's noun ("that" marks a
    complement there, never a relative clause, whose "that" is its subject)."""
    for prep in children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.lower_ not in _MEDIUM_NOUNS:
                continue
            if any(
                c.dep_ in ("acl", "ccomp") and _marked_that(c) and _has_subject(c)
                for c in obj.children
            ):
                return True
    return False


def _takes_an_object(children: list[Token]) -> bool:
    """`as I recall the high hopes`, `as he assumes that office`: the verb is busy with its
    own object and reports nothing; `as she put it`, `as he said it`: "it" is the clause."""
    return any(c.dep_ == "dobj" and c.lower_ != "it" for c in children)


def _expletive_clause(children: list[Token]) -> bool:
    """`it was found ... that the pilots erred`: an "it" subject standing for a that-clause
    (the parser hangs the clause on the verb, or on the noun just before it)."""
    return any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in children) and any(
        c.dep_ in ("ccomp", "agent") and _holds_that_clause(c) for c in children
    )


def _marked_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _holds_that_clause(tok: Token) -> bool:
    return any(d.dep_ == "mark" and d.lower_ == "that" for d in tok.subtree)


def _reported_as(tok: Token) -> bool:
    """A participle of saying that reports through the verb above it: `quoted as saying`
    ("as" + participle) or `was heard saying` (a passive verb's complement)."""
    if tok.dep_ == "pcomp":
        return tok.head.lower_ == "as" and tok.head.dep_ == "prep"
    return tok.dep_ == "xcomp" and any(c.dep_ == "nsubjpass" for c in tok.head.children)


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
