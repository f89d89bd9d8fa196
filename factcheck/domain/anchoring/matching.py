"""Re-anchoring, in four passes from most to least certain:

1. the quote found once in the new text and once in the old: placed;
2. a quote found several times: the occurrence whose surroundings agree
   with the stored prefix/suffix (or, with as many copies as before, the
   same-numbered copy that also agrees with one side), never a guess;
3. the stored prefix and suffix found around the expected position: the
   text between them is the claim's new text (same words: moved; close
   enough: changed; nothing or something unrelated: lost);
4. a bounded approximate search near the expected position: changed
   when the error stays within a bound proportional to the quote's length.

The expected position of a claim not yet placed follows the nearest placed
claim before it (the shift edits above it caused). Every pass looks at a
window or uses ``str.find``, so the whole run is close to linear.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from factcheck.domain.anchoring.normalized import Normalized, fold
from factcheck.domain.spans import strip_span

# Context that must agree around a repeated quote before one copy is chosen.
MIN_CONTEXT = 8
# How many stored context characters are tried (then half of them).
CONTEXT_CHARS = 32
# Approximate matches: the share of the quote that may differ.
MAX_ERROR_SHARE = 0.4
# Between a prefix and suffix found in place, a rewrite may differ more.
MIN_REWRITE_SIMILARITY = 0.35
SEARCH_RADIUS = 3000
_WORDS = re.compile(r"\w+")


class Outcome(enum.StrEnum):
    UNCHANGED = "unchanged"
    MOVED = "moved"
    CHANGED = "changed"
    LOST = "lost"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Anchor:
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Reanchored:
    outcome: Outcome
    start: int | None = None  # offsets into the new body; None when lost
    end: int | None = None
    text: str | None = None

    @property
    def same_text(self) -> bool:
        return self.outcome in (Outcome.UNCHANGED, Outcome.MOVED)


LOST = Reanchored(Outcome.LOST)


def reanchor(old_body: str, new_body: str, anchors: Sequence[Anchor]) -> list[Reanchored]:
    return _Run(old_body, new_body, anchors).results()


class _Run:
    def __init__(self, old_body: str, new_body: str, anchors: Sequence[Anchor]) -> None:
        self.old_body, self.new_body = old_body, new_body
        self.anchors = anchors
        self.old = Normalized.of(old_body)
        self.new = Normalized.of(new_body)
        self.quotes = [fold(anchor.quote).strip() for anchor in anchors]
        # Folded spans [start, end) in the new text, per anchor index.
        self.placed: dict[int, tuple[int, int]] = {}
        self.found: dict[int, Reanchored] = {}
        self.taken: set[int] = set()  # folded starts already claimed

    def results(self) -> list[Reanchored]:
        order = sorted(range(len(self.anchors)), key=lambda i: self.anchors[i].start)
        ambiguous: list[int] = []
        for index in order:
            quote = self.quotes[index]
            if not quote:
                self.found[index] = LOST
                continue
            hits = _occurrences(self.new.text, quote, limit=2)
            if len(hits) == 1 and len(_occurrences(self.old.text, quote, limit=2)) == 1:
                self._place(index, hits[0], hits[0] + len(quote))
            else:
                ambiguous.append(index)
        self._refresh_shifts()
        still: list[int] = []
        # The claim whose surroundings agree best with a copy chooses first:
        # a claim whose own copy was deleted must not take its twin's.
        ambiguous.sort(key=self._best_agreement, reverse=True)
        for index in ambiguous:
            if not self._repeated(index):
                still.append(index)
        self._refresh_shifts()
        for index in still:
            found = self._by_context(index)
            if index in self.placed:
                continue
            self.found[index] = found or self._approximate(index) or LOST
        return [self._final(index) for index in range(len(self.anchors))]

    # -- passes -----------------------------------------------------------

    def _best_agreement(self, index: int) -> int:
        quote = self.quotes[index]
        prefix, suffix = self._context(index)
        return max((self._agreement(hit, hit + len(quote), prefix, suffix)
                    for hit in _occurrences(self.new.text, quote, limit=64)), default=0)

    def _repeated(self, index: int) -> bool:
        quote = self.quotes[index]
        hits = [hit for hit in _occurrences(self.new.text, quote, limit=64)
                if hit not in self.taken]
        if not hits:
            return False
        prefix, suffix = self._context(index)
        scored = [(self._agreement(hit, hit + len(quote), prefix, suffix), hit) for hit in hits]
        best = max(score for score, _ in scored)
        winners = [hit for score, hit in scored if score == best]
        old_start = self.old.folded_offset(self.anchors[index].start)
        old_hits = _occurrences(self.old.text, quote, limit=64)
        if len(winners) > 1 and len(old_hits) == len(hits) and old_start in old_hits:
            # As many copies as before: the same-numbered copy, if its
            # surroundings still agree with the claim's.
            same = hits[old_hits.index(old_start)]
            if same in winners:
                winners = [same]
        if len(winners) != 1 or best < MIN_CONTEXT:
            return False
        self._place(index, winners[0], winners[0] + len(quote))
        return True

    def _by_context(self, index: int) -> Reanchored | None:
        quote = self.quotes[index]
        prefix, suffix = self._context(index)
        expected = self._expected(index)
        for size in (CONTEXT_CHARS, CONTEXT_CHARS // 2):
            before = prefix[-size:]
            after = suffix[:size]
            if len(before.strip()) < MIN_CONTEXT or len(after.strip()) < MIN_CONTEXT:
                continue
            start = _nearest(self.new.text, before, expected - len(before))
            if start is None:
                continue
            start += len(before)
            reach = start + 2 * len(quote) + 2 * CONTEXT_CHARS
            end = self.new.text.find(after, start - 1, reach + len(after))
            if end < 0:
                continue
            region_start, region_end = strip_span(self.new.text, start, max(start, end))
            if region_end <= region_start:
                return LOST  # the neighbours now meet: the sentence was deleted
            region = self.new.text[region_start:region_end]
            if region == quote:
                if region_start in self.taken:
                    return None
                self._place(index, region_start, region_end)
                return None  # placed; _final reports it
            # A rewrite reorders words; a replacement shares few of them.
            if max(_similarity(quote, region), _word_overlap(quote, region)) \
                    >= MIN_REWRITE_SIMILARITY:
                return self._changed(region_start, region_end)
            return LOST
        return None

    def _approximate(self, index: int) -> Reanchored | None:
        quote = self.quotes[index]
        expected = self._expected(index)
        lo = max(0, expected - len(quote) - 256)
        hi = min(len(self.new.text), expected + 2 * len(quote) + 256)
        window = self.new.text[lo:hi]
        if not window:
            return None
        matcher = SequenceMatcher(None, quote, window, autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size >= 4]
        if not blocks:
            return None
        start = lo + blocks[0].b
        end = lo + blocks[-1].b + blocks[-1].size
        start, end = _snap(self.new.text, start, end)
        region = self.new.text[start:end]
        if not region or abs(len(region) - len(quote)) > MAX_ERROR_SHARE * len(quote):
            return None
        if _similarity(quote, region) < 1 - MAX_ERROR_SHARE:
            return None
        return self._changed(start, end)

    # -- helpers ----------------------------------------------------------

    def _place(self, index: int, start: int, end: int) -> None:
        self.placed[index] = (start, end)
        self.taken.add(start)

    def _changed(self, start: int, end: int) -> Reanchored | None:
        # Never over a claim placed with certainty: that text is someone's.
        for placed_start, placed_end in self.placed.values():
            if start < placed_end and placed_start < end:
                return LOST
        raw_start, raw_end = self.new.span(start, end)
        return Reanchored(Outcome.CHANGED, raw_start, raw_end, self.new_body[raw_start:raw_end])

    def _context(self, index: int) -> tuple[str, str]:
        anchor = self.anchors[index]
        # Stored context may be cut mid-word or mid-space; folding keeps it
        # comparable with the folded text.
        return fold(anchor.prefix), fold(anchor.suffix)

    def _agreement(self, start: int, end: int, prefix: str, suffix: str) -> int:
        text = self.new.text
        before = _common_suffix(prefix, text[max(0, start - len(prefix)):start])
        after = _common_prefix(suffix, text[end:end + len(suffix)])
        return before + after

    def _refresh_shifts(self) -> None:
        pairs = sorted((self.old.folded_offset(self.anchors[i].start), start)
                       for i, (start, _) in self.placed.items())
        self.shift_keys = [old for old, _ in pairs]
        self.shift_values = [new - old for old, new in pairs]

    def _expected(self, index: int) -> int:
        old_start = self.old.folded_offset(self.anchors[index].start)
        at = bisect_right(self.shift_keys, old_start) - 1
        if at >= 0:
            shift = self.shift_values[at]
        elif self.shift_values:
            shift = self.shift_values[0]
        else:
            shift = 0
        return max(0, min(len(self.new.text), old_start + shift))

    def _final(self, index: int) -> Reanchored:
        if index in self.placed:
            start, end = self.placed[index]
            raw_start, raw_end = self.new.span(start, end)
            anchor = self.anchors[index]
            text = self.new_body[raw_start:raw_end]
            same_place = (raw_start, raw_end) == (anchor.start, anchor.end)
            outcome = (Outcome.UNCHANGED if same_place and text == anchor.quote
                       else Outcome.MOVED)
            return Reanchored(outcome, raw_start, raw_end, text)
        return self.found.get(index) or LOST


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    hits: list[int] = []
    at = text.find(needle)
    while at >= 0 and len(hits) < limit:
        hits.append(at)
        at = text.find(needle, at + 1)
    return hits


def _nearest(text: str, needle: str, expected: int) -> int | None:
    """The occurrence of ``needle`` closest to ``expected``, within reach."""
    lo = max(0, expected - SEARCH_RADIUS)
    hi = min(len(text), expected + SEARCH_RADIUS + len(needle))
    best: int | None = None
    at = text.find(needle, lo, hi)
    while at >= 0:
        if best is None or abs(at - expected) < abs(best - expected):
            best = at
        at = text.find(needle, at + 1, hi)
    return best


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen an approximate span to whole words."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return strip_span(text, start, end)


def _word_overlap(a: str, b: str) -> float:
    """Dice coefficient of the two texts' words (three letters or more, so
    "a", "of" and "is" do not make unrelated sentences look alike)."""
    first, second = _content_words(a), _content_words(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _content_words(text: str) -> set[str]:
    return {word for word in _WORDS.findall(text.lower()) if len(word) >= 3}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
