"""Per-keystroke fact ranking: a 50,000-fact registry against a 500-fact one.

Run: .venv/bin/python bench/bench_picker.py [--facts N] [--small N]
Each registry is indexed once (``FactIndex``, as the picker does when it opens); then
queries are typed one key at a time (every prefix of each query is ranked, as the
picker does on every key), plus the no-query suggestions for a span's text. Figures are
CPU time (time.process_time) per keystroke, in the same process; the ratio is large /
small. Ranking is bounded by the matching facts, not by the registry: a key costs
milliseconds even at 50,000 facts, and the picker shows at most ``LIMIT`` options.
"""

from __future__ import annotations

import argparse
import random
import time

from annotator.model.models import Fact
from annotator.model.search import LIMIT, FactIndex

STAMP = "2026-11-22T12:00:00Z"
VOCABULARY = [
    "kremlin",
    "peskov",
    "spokesman",
    "putin",
    "kim",
    "summit",
    "vladivostok",
    "pyongyang",
    "train",
    "armoured",
    "rail",
    "border",
    "tanks",
    "poland",
    "korea",
    "munitions",
    "arms",
    "talks",
    "forum",
    "eastern",
    "economic",
    "cosmodrome",
    "vostochny",
    "visit",
    "official",
    "invitation",
    "denied",
    "confirmed",
    "pandemic",
    "borders",
    "reopened",
    "workers",
    "party",
    "ruling",
    "hanoi",
    "denuclearisation",
    "journey",
    "hours",
    "путин",
    "песков",
    "кремль",
    "визит",
    "поезд",
    "金正恩",
    "专列",
    "俄罗斯",
    "远东",
    "김정은",
    "열차",
    "러시아",
]
QUERIES = [
    "peskov kremlin",
    "poland tanks",
    "vostochny summit",
    "путин визит",
    "专列",
    "kim train 20 hours",
    "zzqx nothing",
]
SPAN = "Kremlin spokesman Dmitry Peskov said there were no plans for Putin-Kim talks"


def make_facts(count: int, seed: int = 5) -> list[Fact]:
    rng = random.Random(seed)
    facts = []
    for i in range(count):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 22))]
        words.insert(rng.randint(0, len(words)), f"item{i}")
        facts.append(
            Fact(
                id=f"fact-{i:06d}",
                statement=" ".join(words).capitalize() + ".",
                note=None,
                author="bench",
                created=STAMP,
                modified=STAMP,
            )
        )
    return facts


def per_key(index: FactIndex) -> tuple[float, float, int]:
    """Mean and worst CPU seconds per keystroke over every prefix of every query."""
    times: list[float] = []
    shown = 0
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            start = time.process_time()
            ranked = index.search(query[:n], LIMIT)
            times.append(time.process_time() - start)
            shown = max(shown, len(ranked.good) + len(ranked.weak))
    start = time.process_time()
    for _ in range(5):
        index.suggest(SPAN, LIMIT)
    times.append((time.process_time() - start) / 5)
    return sum(times) / len(times), max(times), shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=500)
    args = parser.parse_args()
    results = {}
    for count in (args.small, args.facts):
        facts = make_facts(count)
        start = time.process_time()
        index = FactIndex(facts)
        build = time.process_time() - start
        mean, worst, shown = per_key(index)
        results[count] = (build, mean, worst, shown)
        print(
            f"{count:>7,} facts: index built in {build * 1000:8.1f} ms; per keystroke "
            f"mean {mean * 1000:6.2f} ms, worst {worst * 1000:6.2f} ms; at most {shown} "
            f"options shown"
        )
    small, large = results[args.small], results[args.facts]
    print(
        f"ratio {args.facts:,} / {args.small:,} facts: per keystroke mean "
        f"{large[1] / small[1]:.1f}x, worst {large[2] / small[2]:.1f}x "
        f"(registry {args.facts / args.small:.0f}x larger)"
    )


if __name__ == "__main__":
    main()
