"""Whole extraction on hostile 1 MB texts beside 1 MB of ordinary news, same run.

    python bench/extraction_adversarial.py [--size 1000000] [--only NAME ...]

Hostile inputs (tests/support/hostile_text.py): a line of dots, "!!!" and "?!?!" runs,
one sentence without punctuation, "according to" repeated, alternating quote marks,
nested brackets, RTL and zero-width characters, a dateline followed by spaces, digit
groups. The news is generated here from invented wire-story templates (seeded, so
every run reads the same text). Prints seconds and characters/s side by side; the
target is every hostile input under 10 s (the exit status is 1 when one is not).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.domain.extraction import extract  # noqa: E402
from tests.support.hostile_text import HOSTILE  # noqa: E402

TARGET_S = 10.0

PLACES = ["HALVERTON", "PORT ELLIS", "KESTRAL BAY", "NORTHMOOR", "LINDQVIST", "SAN MAREO"]
OUTLETS = ["Baltic Wire", "Coastline Press", "Meridian News Service", "Daily Ledger"]
PEOPLE = [
    ("Mayor", "Helen Varga"),
    ("Finance Minister", "Tomas Eklund"),
    ("union leader", "Rosa Achebe"),
    ("police spokesman", "Daniel Oyelaran"),
    ("Senator", "Marcus Whitcombe"),
    ("chief executive", "Ingrid Solheim"),
]
BODIES = ["the city council", "the port authority", "the health ministry", "the central bank"]
TOPICS = ["the budget", "the new rail line", "water prices", "the hospital plan", "bus fares"]
PARAGRAPHS = [
    "{title} {name} said on {day} that {topic} would cost about {n} million dollars, "
    "{pct} percent more than planned.",
    "“We cannot keep paying for {topic} out of reserves,” {surname} told reporters. "
    "“Something has to give.”",
    "According to figures published by {body}, {n2} people were affected last year.",
    "{surname}, who has held the post since {year}, denied that the plan had been "
    "rushed, the {outlet} reported, citing two officials familiar with the talks.",
    "Critics said the decision would hit poorer households hardest. {body_cap} did not "
    "respond to a request for comment.",
    "The vote is expected on {day}, and analysts at a local bank believe it will pass "
    "narrowly.",
    "In a statement, {body} said it had received {n2} complaints and would review "
    "{topic} by the end of {year2}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def news(size: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    stories: list[str] = []
    total = 0
    while total < size:
        title, name = rnd.choice(PEOPLE)
        body = rnd.choice(BODIES)
        topic = rnd.choice(TOPICS)
        outlet = rnd.choice(OUTLETS)
        fields = {
            "title": title[0].upper() + title[1:],
            "name": name,
            "surname": name.split()[-1],
            "day": rnd.choice(DAYS),
            "topic": topic,
            "n": rnd.randint(2, 900),
            "n2": f"{rnd.randint(1, 90)},{rnd.randint(100, 999)}",
            "pct": rnd.randint(2, 40),
            "body": body,
            "body_cap": body[0].upper() + body[1:],
            "year": rnd.randint(2009, 2022),
            "year2": rnd.randint(2026, 2028),
            "outlet": outlet,
        }
        head = f"{fields['title']} {name} defends {topic} as costs rise"
        dateline = f"{rnd.choice(PLACES)} ({outlet}) — "
        paras = [p.format(**fields) for p in rnd.sample(PARAGRAPHS, k=len(PARAGRAPHS))]
        story = head + "\n\n" + dateline + "\n\n".join(paras) + "\n\nReporting by " + name
        stories.append(story)
        total += len(story) + 2
    return ("\n\n".join(stories))[:size]


def timed(text: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    ex = extract(text)
    return time.perf_counter() - t0, len(ex.claims)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--only", nargs="*", default=None, help="hostile inputs to run (names)")
    args = ap.parse_args(argv)
    cases = [("ordinary news (invented wire stories)", news(args.size))]
    cases += [(n, fn(args.size)) for n, fn in HOSTILE.items() if not args.only or n in args.only]
    print(f"{'input':40s} {'chars':>9s} {'seconds':>8s} {'chars/s':>10s} {'claims':>7s}")
    slow = []
    for name, text in cases:
        seconds, claims = timed(text)
        rate = len(text) / seconds if seconds else float("inf")
        flag = ""
        if name in HOSTILE and seconds >= TARGET_S:
            flag = "  OVER TARGET"
            slow.append(name)
        print(f"{name:40s} {len(text):9d} {seconds:8.2f} {rate:10.0f} {claims:7d}{flag}")
        sys.stdout.flush()
    names = ", ".join(slow) or "none"
    print(f"SUMMARY hostile inputs over {TARGET_S:.0f} s: {len(slow)} ({names})")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
