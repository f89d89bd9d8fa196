"""Re-anchoring accuracy on edit scenarios, and speed on a long article.

    .venv/bin/python bench/reanchoring.py

Three invented wire stories (below) are edited the ways newsrooms edit:
a typo fixed, a number changed, a paragraph inserted, paragraphs
reordered, a sentence rewritten, a sentence deleted, quote style and
spacing changed, the whole text re-wrapped. Every sentence is a claim; the
scenario knows what became of each, so each result is right or wrong:
same-text outcomes (unchanged/moved) must also land on the right span. A
"confident wrong anchor" is a same-text outcome on the wrong span or for a
claim whose words changed or went: the target is zero.

Then a ~50 KB article of generated, distinct sentences with 500 claims is
edited (a paragraph inserted at the top, numbers changed, sentences
deleted) and re-anchored; the median of several runs is printed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.domain.anchoring import Anchor, Outcome, reanchor

# Paragraphs of sentences; each story names one sentence to rewrite.
STORIES: list[dict[str, object]] = [
    {
        "paragraphs": [
            ["Ferry operator cuts winter sailings to the islands."],
            ["The Northsound Ferry Company will run 14 crossings a day from January, down "
             "from 22, its chief executive said on Tuesday.",
             "The company blamed a 30% rise in fuel costs since the spring."],
            ["Passenger numbers fell by a third last winter, according to figures from the "
             "port authority.",
             "Island councillors said the cut would leave some villages without a daily "
             "service.",
             "\u201cWe cannot sail empty boats,\u201d chief executive Ines Marlow told "
             "reporters."],
            ["The regional government pays the company \u00a34.2 million a year in "
             "subsidies.",
             "A spokesperson said the subsidy would be reviewed in March."],
            ["Unions representing 310 crew members said no jobs would be lost.",
             "Talks on a new timetable for the summer season begin next month."],
        ],
        "rewrite": (2, 1, "Some villages would be left without a daily boat, island "
                          "councillors warned."),
        "number": (1, 0, "14 crossings", "16 crossings"),
        "typo": (3, 1, "reviewed", "reveiwed"),
    },
    {
        "paragraphs": [
            ["Flooding closes three schools after record rainfall."],
            ["Three primary schools in the Valebrook district were closed on Monday after "
             "87 millimetres of rain fell in 24 hours, the council said.",
             "It was the wettest day recorded at the town's weather station since 1961."],
            ["Firefighters rescued 12 people from cars stranded on the ring road, the fire "
             "service said in a statement.",
             "No one was seriously hurt.",
             "The Environment Office issued two flood warnings for the river Vale."],
            ["Council leader Amrit Sandhu said repairs to the school buildings could take "
             "up to three weeks.",
             "Parents were told to expect remote lessons from Wednesday."],
            ["Insurers estimated the damage to homes at between \u00a310 million and "
             "\u00a315 million, according to the trade body's early figures.",
             "More rain is forecast for the weekend."],
        ],
        "rewrite": (3, 0, "Repairs to the school buildings may take three weeks, according "
                          "to council leader Amrit Sandhu."),
        "number": (1, 0, "87 millimetres", "78 millimetres"),
        "typo": (4, 1, "forecast", "forcast"),
    },
    {
        "paragraphs": [
            ["Chipmaker delays new plant as orders slow."],
            ["Halden Semiconductors will delay the opening of its plant near Brenner Falls "
             "by 18 months, the company told investors on Thursday.",
             "The plant was due to employ 1,200 people when fully running."],
            ["Orders fell 11% in the third quarter, the company said, citing weaker demand "
             "from carmakers.",
             "Its shares dropped 6% in early trading.",
             "Analysts at Corbin Securities said the delay had been expected for weeks."],
            ["The state government, which promised $400 million in grants for the site, "
             "said it was disappointed.",
             "A government spokesperson said the grant terms would be looked at again."],
            ["Construction workers already on site will keep their jobs, according to the "
             "building contractor.",
             "The company said it still expected to open the plant before the end of the "
             "decade."],
        ],
        "rewrite": (2, 2, "The delay had been expected for weeks, Corbin Securities analysts "
                          "said."),
        "number": (2, 1, "6%", "9%"),
        "typo": (4, 0, "contractor", "contracter"),
    },
]

Paragraphs = list[list[str | None]]


@dataclass
class Rendered:
    text: str
    spans: dict[tuple[int, int], tuple[int, int]]  # sentence id -> span


def render(paragraphs: Paragraphs, ids: list[list[tuple[int, int] | None]],
           joiner: str = " ", breaker: str = "\n\n") -> Rendered:
    parts: list[str] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    cursor = 0
    for p_index, paragraph in enumerate(paragraphs):
        if p_index:
            parts.append(breaker)
            cursor += len(breaker)
        first = True
        for s_index, sentence in enumerate(paragraph):
            if sentence is None:
                continue
            if not first:
                parts.append(joiner)
                cursor += len(joiner)
            first = False
            key = ids[p_index][s_index]
            if key is not None:
                spans[key] = (cursor, cursor + len(sentence))
            parts.append(sentence)
            cursor += len(sentence)
    return Rendered("".join(parts), spans)


@dataclass
class Scenario:
    name: str
    paragraphs: Paragraphs
    ids: list[list[tuple[int, int] | None]]
    changed: set[tuple[int, int]]
    lost: set[tuple[int, int]]
    post: Callable[[str], str] | None = None  # a change applied to the whole text
    joiner: str = " "
    base: Rendered | None = None  # the text before the edit, when not the story itself


def _copy(story: dict[str, object]) -> tuple[Paragraphs, list[list[tuple[int, int] | None]]]:
    paragraphs = [list(p) for p in story["paragraphs"]]  # type: ignore[attr-defined]
    ids = [[(p, s) for s in range(len(par))] for p, par in enumerate(paragraphs)]
    return paragraphs, ids  # type: ignore[return-value]


def _rewrap(text: str, width: int = 60) -> str:
    """Spaces turned into newlines at a line width: same length, new lines."""
    out = list(text)
    column = 0
    for index, char in enumerate(out):
        if char == "\n":
            column = 0
            continue
        column += 1
        if char == " " and column > width:
            out[index] = "\n"
            column = 0
    return "".join(out)


def _typo(sentence: str) -> str:
    """Two letters swapped in the sentence's longest word."""
    word = max(sentence.split(), key=len)
    middle = len(word) // 2
    swapped = word[:middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]
    return sentence.replace(word, swapped, 1)


def _plain_quotes(text: str) -> str:
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")


def scenarios(story: dict[str, object]) -> list[Scenario]:
    out: list[Scenario] = []
    p, s, old, new = story["number"]  # type: ignore[misc]
    paragraphs, ids = _copy(story)
    paragraphs[p][s] = str(paragraphs[p][s]).replace(old, new)
    out.append(Scenario("changed number", paragraphs, ids, {(p, s)}, set()))
    p, s, old, new = story["typo"]  # type: ignore[misc]
    paragraphs, ids = _copy(story)
    paragraphs[p][s] = str(paragraphs[p][s]).replace(old, new)
    out.append(Scenario("typo fix", paragraphs, ids,
                        {(p, s)} if old != new else set(), set()))
    paragraphs, ids = _copy(story)
    paragraphs.insert(2, ["Editor's note: this story was updated with new figures.",
                          "An earlier version gave the wrong date for the announcement."])
    ids.insert(2, [None, None])
    out.append(Scenario("inserted paragraph", paragraphs, ids, set(), set()))
    paragraphs, ids = _copy(story)
    paragraphs[1], paragraphs[3] = paragraphs[3], paragraphs[1]
    ids[1], ids[3] = ids[3], ids[1]
    out.append(Scenario("reordered paragraphs", paragraphs, ids, set(), set()))
    p, s, text = story["rewrite"]  # type: ignore[misc]
    paragraphs, ids = _copy(story)
    paragraphs[p][s] = text
    out.append(Scenario("rewritten sentence", paragraphs, ids, {(p, s)}, set()))
    base, _ = _copy(story)
    for p, paragraph in enumerate(base):
        for s, sentence in enumerate(paragraph):
            if p == 0:
                continue  # the headline
            paragraphs, ids = _copy(story)
            paragraphs[p][s] = None
            out.append(Scenario("deleted sentence", paragraphs, ids, set(), {(p, s)}))
            paragraphs, ids = _copy(story)
            paragraphs[p][s] = _typo(str(sentence))
            out.append(Scenario("typo in any sentence", paragraphs, ids, {(p, s)}, set()))
    # Boilerplate said twice; the first copy deleted: its claim is lost and
    # must not take the second copy, which stays with its own claim.
    paragraphs, ids = _copy(story)
    paragraphs[2].append(BOILERPLATE)
    paragraphs[4].append(BOILERPLATE)
    ids[2].append((2, len(paragraphs[2]) - 1))
    ids[4].append((4, len(paragraphs[4]) - 1))
    twice = render(paragraphs, ids)
    edited = [list(p) for p in paragraphs]
    edited[2][-1] = None
    out.append(Scenario("repeated sentence, one copy deleted", edited, ids, set(),
                        {(2, len(paragraphs[2]) - 1)}, base=twice))
    paragraphs, ids = _copy(story)
    out.append(Scenario("quote style and spacing", paragraphs, ids, set(), set(),
                        post=_plain_quotes, joiner="  "))
    paragraphs, ids = _copy(story)
    out.append(Scenario("whole article re-wrapped", paragraphs, ids, set(), set(),
                        post=_rewrap))
    return out


def score() -> tuple[Counter[str], Counter[str], int]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    confident_wrong = 0
    for story in STORIES:
        base_paragraphs, base_ids = _copy(story)
        story_text = render(base_paragraphs, base_ids)
        for scenario in scenarios(story):
            old = scenario.base or story_text
            keys = sorted(old.spans)
            anchors = []
            for key in keys:
                start, end = old.spans[key]
                anchors.append(Anchor(old.text[start:end], old.text[max(0, start - 32):start],
                                      old.text[end:end + 32], start, end))
            new = render(scenario.paragraphs, scenario.ids, joiner=scenario.joiner)
            text = scenario.post(new.text) if scenario.post else new.text
            for key, anchor, result in zip(keys, anchors, reanchor(old.text, text, anchors),
                                           strict=True):
                if key in scenario.lost:
                    expected = Outcome.LOST
                elif key in scenario.changed:
                    expected = Outcome.CHANGED
                elif new.spans[key] == (anchor.start, anchor.end) and \
                        text[anchor.start:anchor.end] == anchor.quote:
                    expected = Outcome.UNCHANGED
                else:
                    expected = Outcome.MOVED
                total[expected] += 1
                span_right = (result.start, result.end) == new.spans.get(key)
                if result.same_text and (expected in (Outcome.CHANGED, Outcome.LOST)
                                         or not span_right):
                    confident_wrong += 1
                    print(f"  confident wrong: {scenario.name}: {anchor.quote[:50]!r}")
                ok = result.outcome is expected and (expected is Outcome.LOST or span_right
                                                     or expected is Outcome.CHANGED)
                if ok:
                    right[expected] += 1
                else:
                    print(f"  wrong: {scenario.name}: expected {expected}, got "
                          f"{result.outcome}: {anchor.quote[:50]!r}")
    return right, total, confident_wrong


BOILERPLATE = "The company declined to comment further."
WORDS = ["harbour", "council", "ferry", "school", "plant", "union", "river", "budget",
         "grant", "fuel", "crew", "village", "market", "road", "bridge", "station",
         "hospital", "court", "tariff", "contract"]


def long_article(rng: random.Random) -> list[str]:
    """Distinct generated sentences, about 50 KB, in paragraphs of four."""
    sentences = []
    for index in range(620):
        a, b, c = rng.sample(WORDS, 3)
        sentences.append(f"The {a} {b} report number {index} found {rng.randint(2, 999)} "
                         f"cases near the {c}, officials said on day {rng.randint(1, 28)}.")
    return sentences


def speed(runs: int = 7) -> tuple[int, int, float]:
    rng = random.Random(19)
    sentences = long_article(rng)
    body = "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))
    anchors = []
    for sentence in sentences[:500]:
        start = body.index(sentence)
        end = start + len(sentence)
        anchors.append(Anchor(sentence, body[max(0, start - 32):start], body[end:end + 32],
                              start, end))
    edited = "Updated: new figures added.\n\n" + body
    for index in rng.sample(range(500), 25):
        sentence = sentences[index]
        edited = edited.replace(sentence, sentence.replace("cases", "incidents"), 1)
    for index in rng.sample(range(500), 10):
        edited = edited.replace(sentences[index] + " ", "", 1)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        reanchor(body, edited, anchors)
        timings.append(time.perf_counter() - started)
    return len(body), len(anchors), statistics.median(timings) * 1000


def main() -> None:
    right, total, confident_wrong = score()
    print("outcome     right / claims")
    for outcome in Outcome:
        if total[outcome]:
            share = 100 * right[outcome] / total[outcome]
            print(f"{outcome.value:<10}  {right[outcome]:>4} / {total[outcome]:<4} {share:6.1f}%")
    print(f"confident wrong anchors: {confident_wrong}")
    size, claims, millis = speed()
    print(f"speed: {claims} claims on a {size / 1000:.1f} KB article: {millis:.0f} ms "
          "(median of 7)")


if __name__ == "__main__":
    main()
