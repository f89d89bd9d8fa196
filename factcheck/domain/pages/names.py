"""Names from what pages put in author and title fields: a byline is a list of
names ("Dana Whitfield is a reporter" is "Dana Whitfield"), a headline carries no
site suffix (" – TechWire", " | Reuters", " - BBC News")."""

from __future__ import annotations

import re

from factcheck.domain.extraction.lexicon import words

# lower-case words that may sit inside a name
_PARTICLES = frozenset(
    words("de da di del della der den van von ter la le du dos das al el bin bint ibn y e")
)
# a job title or desk after a name ("Tom Ashby, Business reporter")
_ROLE_NOUNS = frozenset(
    words(
        "reporter reporters correspondent correspondents editor editors writer writers staff "
        "contributor contributors columnist producer producers analyst journalist journalists "
        "presenter host anchor photographer desk team bureau intern fellow"
    )
)
_ROLE_PREFIXES = frozenset(
    words(
        "business political politics senior chief deputy associate assistant managing health "
        "science technology tech economics economy legal foreign diplomatic environment "
        "climate sports sport education transport home security defence defense royal arts "
        "culture entertainment weather world national international local investigative "
        "data digital special global north south east west europe africa asia america "
        "washington london news staff contributing"
    )
)
# what turns a byline into a biography ("... is a reporter", "... covers climate")
_BIO_VERBS = frozenset(
    words(
        "is was has have covers covered writes wrote reports reported joined joins leads "
        "based who focuses specializes specialises previously"
    )
)
_BY = re.compile(r"^(?:(?:written|words|reporting|story|text)\s+)?by\s+|^from\s+", re.I)
_SPLIT = re.compile(r"(?<!\s)\s*+(?:;|\||,|/|\band\b|&|\n|\s·\s|\s•\s)\s*+")
_PUNCTUATION_AROUND_A_WORD = "\"'“”‘’()[]<>:.,;!?"
MAX_NAMES = 6


def _name_tokens(part: str) -> tuple[list[str], bool]:
    """Leading name tokens of part, and whether the part went on as a sentence."""
    out: list[str] = []
    for raw in part.split():
        tok = raw.strip(_PUNCTUATION_AROUND_A_WORD) if not re.fullmatch(r"[A-Z]\.", raw) else raw
        if not tok:
            continue
        low = tok.lower()
        if low in _BIO_VERBS:
            return out, True
        if low in _ROLE_NOUNS:
            break
        if tok[0].isupper() or (out and low in _PARTICLES) or tok[0] in "'’":
            out.append(tok)
            if len(out) > 5:
                return [], False
            continue
        break
    while out and out[-1].lower() in _ROLE_PREFIXES | _PARTICLES:
        out.pop()
    return out, False


def _declared_name(part: str) -> str | None:
    """A name as a structured field (JSON-LD, meta) gives it, cut where a biography
    starts ("Phil Doe is a reporter" -> "Phil Doe")."""
    kept: list[str] = []
    for tok in part.split():
        if tok.lower() in _BIO_VERBS:
            break
        kept.append(tok)
    name = " ".join(kept).strip(" ,;:")
    return name if name and len(name) <= 80 else None


def author_names(raw: str, declared: bool = False) -> list[str]:
    """Person (or agency) names in an author field or byline text; a biography that
    follows a name is dropped with everything after it. ``declared``: a structured
    field (JSON-LD, meta), taken as written up to a biography; otherwise (byline
    markup, trafilatura's guess) only capitalised name words of two or more count."""
    text = " ".join(raw.replace("\u00a0", " ").split())
    text = _BY.sub("", text)
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = _BY.sub("", part.strip())
        if not part or part.lower().startswith(("http:", "https:", "www.")):
            continue
        bio = any(w.lower() in _BIO_VERBS for w in part.split())
        if declared:
            name = _declared_name(part)
        else:
            toks, _ = _name_tokens(part)
            name = " ".join(toks) if len(toks) >= 2 else None
        if name and name.lower() not in (n.lower() for n in names):
            names.append(name)
        if bio or len(names) >= MAX_NAMES:
            break
    return names


def byline(names: list[str]) -> str | None:
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " • ", " / ")


def _norm(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


def _is_site(segment: str, sites: list[str]) -> bool:
    seg = _norm(segment)
    if not seg:
        return False
    for site in sites:
        s = _norm(site)
        if s and (seg == s or (len(s) >= 3 and (seg.startswith(s) or s.startswith(seg)))):
            return True
    return False


def strip_site(title: str, sites: list[str]) -> str:
    """The headline without a leading or trailing site name ("Story – Site",
    "Site | Story"); unchanged when no affix names the site."""
    title = " ".join(title.replace("\u00a0", " ").split())
    changed = True
    while changed:
        changed = False
        for sep in _SEPARATORS:
            if sep not in title:
                continue
            head, _, tail = title.rpartition(sep)
            if head and _is_site(tail, sites):
                title, changed = head.strip(), True
                break
            first, _, rest = title.partition(sep)
            if rest and _is_site(first, sites):
                title, changed = rest.strip(), True
                break
    return title
