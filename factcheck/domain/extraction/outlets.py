"""Built-in outlet alias table (news agencies, papers, broadcasters, state media).

``canonical_outlet("FT") == "Financial Times"``. The app's source registry adds
its own (name, aliases) pairs at extraction time through ``OutletTable``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .lexicon import words

# canonical name -> aliases (the canonical name itself is always an alias)
BUILTIN_OUTLETS: dict[str, tuple[str, ...]] = {
    "Reuters": ("Thomson Reuters", "Reuters news agency"),
    "Associated Press": ("AP", "The Associated Press", "AP News"),
    "Agence France-Presse": ("AFP", "Agence France Presse", "France-Presse"),
    "BBC": ("BBC News", "British Broadcasting Corporation", "BBC World Service"),
    "Financial Times": ("FT", "The Financial Times", "the FT"),
    "Yonhap": ("Yonhap News Agency", "Yonhap news agency"),
    "Korean Central News Agency": ("KCNA",),
    "Xinhua": ("Xinhua News Agency", "New China News Agency"),
    "TASS": ("Tass", "ITAR-TASS"),
    "RIA Novosti": ("RIA",),
    "Interfax": (),
    "Kyodo News": ("Kyodo",),
    "NHK": (),
    "Al Jazeera": ("Al-Jazeera", "Aljazeera"),
    "Bloomberg": ("Bloomberg News",),
    "The New York Times": ("New York Times", "NYT", "the Times"),
    "The Washington Post": ("Washington Post", "the Post"),
    "The Wall Street Journal": ("Wall Street Journal", "WSJ", "the Journal"),
    "The Guardian": ("Guardian",),
    "The Times": ("The Times of London",),
    "The Telegraph": ("Daily Telegraph", "The Daily Telegraph"),
    "The Economist": ("Economist",),
    "Politico": ("POLITICO",),
    "Axios": (),
    "CNN": ("Cable News Network",),
    "NBC News": ("NBC",),
    "CBS News": ("CBS",),
    "ABC News": ("ABC",),
    "Fox News": ("Fox",),
    "NPR": ("National Public Radio",),
    "Sky News": (),
    "Deutsche Welle": ("DW",),
    "Der Spiegel": ("Spiegel",),
    "Le Monde": (),
    "El País": ("El Pais",),
    "The Straits Times": ("Straits Times",),
    "South China Morning Post": ("SCMP",),
    "The Hindu": (),
    "Press Trust of India": ("PTI",),
    "Anadolu Agency": ("Anadolu",),
    "ANSA": (),
    "EFE": (),
    "dpa": ("DPA", "Deutsche Presse-Agentur"),
    "Nikkei": ("Nikkei Asia",),
    "Asahi Shimbun": ("Asahi",),
    "Sydney Morning Herald": ("SMH", "The Sydney Morning Herald"),
    "The Australian": (),
    "Australian Broadcasting Corporation": ("ABC Australia",),
    "CBC News": ("CBC", "Canadian Broadcasting Corporation"),
    "Wikinews": (),
    "Haaretz": (),
    "The Times of Israel": ("Times of Israel",),
    "Arab News": (),
    "Saudi Gazette": ("The Saudi Gazette",),
    "IRNA": ("Islamic Republic News Agency",),
    "Tasnim": ("Tasnim News Agency",),
    "Fars": ("Fars News Agency",),
    "Ukrinform": (),
    "Kyiv Independent": ("The Kyiv Independent",),
    "Meduza": (),
    "The Hill": (),
    "USA Today": (),
    "Los Angeles Times": ("LA Times",),
    "The Independent": ("Independent",),
    "Daily Mail": ("Mail",),
    "Central News Agency": ("CNA",),
    "Rodong Sinmun": (),
    "Global Times": (),
    "People's Daily": (),
    "China Daily": (),
    "Caixin": (),
}

# words that make a capitalised phrase look like a publication
PUBLICATION_WORDS = frozenset(
    words(
        "times post news herald gazette journal tribune telegraph guardian chronicle observer "
        "independent mail mirror express standard daily weekly magazine review agency press "
        "wire tv television radio broadcasting broadcaster network channel sinmun shimbun "
        "monitor courier inquirer bulletin dispatch newsweek"
    )
)

_SPACE = re.compile(r"\s+")
_LEAD_DET = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def normalize_source_name(name: str) -> str:
    """Case-folded, accent-free, single-spaced form of a source name, without a leading
    article or a trailing possessive, for matching names against each other."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("’", "'").replace("‘", "'").strip()
    s = _POSSESSIVE.sub("", s)
    s = _SPACE.sub(" ", s).strip(" \t.,;:!?\"'()[]")
    s = _LEAD_DET.sub("", s)
    return s.casefold()


class OutletTable:
    """Alias -> canonical name lookup, built-in table plus registry entries."""

    def __init__(self, extra: Iterable[tuple[str, Iterable[str]]] = ()) -> None:
        self._map: dict[str, str] = {}
        self._cache: dict[str, str | None] = {}
        self.kind_cache: dict[str, object] = {}  # mention -> SourceKind, filled by mentions
        self._exact_caps: dict[str, str] = {}
        self.canonical_names: set[str] = set()
        for canon, builtin in BUILTIN_OUTLETS.items():
            self._add(canon, builtin)
        for canon, aliases in extra:
            self._add(canon, tuple(aliases), override=True)

    def _add(self, canon: str, aliases: Iterable[str], override: bool = False) -> None:
        self.canonical_names.add(canon)
        for alias in (canon, *aliases):
            key = normalize_source_name(alias)
            if not key:
                continue
            # short all-caps aliases (AP, FT) must match case-sensitively
            if len(key) <= 3 and alias.strip().isupper():
                self._exact_caps[alias.strip().removeprefix("the ")] = canon
                continue
            if override or key not in self._map:
                self._map[key] = canon

    def lookup(self, name: str) -> str | None:
        if name in self._cache:
            return self._cache[name]
        found = self._lookup(name)
        if len(self._cache) < 50_000:
            self._cache[name] = found
        return found

    def _lookup(self, name: str) -> str | None:
        raw = _POSSESSIVE.sub("", name.strip().replace("’", "'")).strip()
        raw = re.sub(r"^(?:the|The)\s+", "", raw)
        if raw in self._exact_caps:
            return self._exact_caps[raw]
        return self._map.get(normalize_source_name(name))


_DEFAULT_TABLE = OutletTable()


def canonical_outlet(name: str) -> str | None:
    """Canonical outlet for a name or alias from the built-in table, e.g. FT -> Financial Times."""
    return _DEFAULT_TABLE.lookup(name)


def default_table() -> OutletTable:
    return _DEFAULT_TABLE
