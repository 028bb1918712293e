"""Agreement speed: 1,000 articles x 100 spans x 3 layers, every measure, ``--by pair``.

Run: .venv/bin/python bench/bench_agree.py [--articles N] [--spans S] [--repeat R]

Prints the best of R runs of ``compare`` (every measure, tokenising the texts included),
and the ratio of our unit profiles (the per-code-point and per-token category counts
every coding measure is computed from, swept from span boundaries) against the baseline
measured in this same process: the naive computation painting every code point of every
layer (innermost span last) and counting category tuples per code point and per token,
on a subset of the articles, scaled to all. Lower is better.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter

from annotator.agreement import ArticleText, LayerSpan, Study, compare
from annotator.agreement.units import profiles

LABELS = ["confirmed", "disputed", "attributed", "opinion"]
SENTENCE = "Kim’s “special” train left Pyongyang – officials said on Monday, 700 kms away. "


def generate(articles: int, spans: int, seed: int = 2026) -> tuple[dict[str, str], Study]:
    """Texts, and three layers: analyst 0 marks sentences; 1 and 2 mostly agree with it."""
    rng = random.Random(seed)
    texts: dict[str, str] = {}
    layers: dict[str, dict[str, list[LayerSpan]]] = {"ana": {}, "bo": {}, "cy": {}}
    for a in range(articles):
        aid = f"a{a:04d}"
        text = f"Headline {a}\n\n" + "".join(
            SENTENCE + ("\n\n" if i % 5 == 4 else "") for i in range(spans)
        )
        texts[aid] = text
        base: list[LayerSpan] = []
        pos = text.index("Kim")
        for _ in range(spans):
            end = text.index(". ", pos) + 1
            label = rng.choice(LABELS)
            base.append(LayerSpan(pos, end, label, (f"fact-{rng.randrange(50)}",)))
            nxt = text.find("Kim", end)
            pos = nxt if nxt >= 0 else end
        for name in layers:
            out = []
            for s in base:
                roll = rng.random()
                if name == "ana" or roll < 0.6:
                    out.append(s)
                elif roll < 0.8:
                    out.append(LayerSpan(s.start + rng.randint(0, 5), s.end, s.label, s.facts))
                elif roll < 0.9:
                    out.append(LayerSpan(s.start, s.end, rng.choice(LABELS), s.facts))
            layers[name][aid] = out
    study = Study(list(layers), [], layers)
    return texts, study


def ours(texts: dict[str, str], study: Study) -> float:
    started = time.perf_counter()
    study.articles = [ArticleText.from_text(aid, text) for aid, text in texts.items()]
    compare(study, by="pair")
    return time.perf_counter() - started


def our_profiles(texts: dict[str, str], study: Study) -> float:
    started = time.perf_counter()
    for aid, text in texts.items():
        profiles(ArticleText.from_text(aid, text), [study.spans[n][aid] for n in study.layers])
    return time.perf_counter() - started


TOKEN = re.compile(r"\w+|[^\w\s]")


def naive_profiles(texts: dict[str, str], study: Study, ids: list[str]) -> float:
    started = time.perf_counter()
    by_cp: Counter[tuple[str, ...]] = Counter()
    by_token: Counter[tuple[str, ...]] = Counter()
    for aid in ids:
        text = texts[aid]
        painted = []
        for name in study.layers:
            cats = ["none"] * len(text)
            for s in sorted(study.spans[name][aid], key=lambda s: (s.start - s.end, s.start)):
                for p in range(s.start, s.end):
                    cats[p] = s.label
            painted.append(cats)
        by_cp.update(zip(*painted, strict=True))
        starts = [m.start() for m in TOKEN.finditer(text)]
        by_token.update(tuple(cats[p] for cats in painted) for p in starts)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--spans", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--subset", type=int, default=50, help="articles the baseline runs on")
    args = parser.parse_args()
    texts, study = generate(args.articles, args.spans)
    chars = sum(len(t) for t in texts.values())
    best = min(ours(texts, study) for _ in range(args.repeat))
    mine = min(our_profiles(texts, study) for _ in range(args.repeat))
    ids = sorted(texts)[: args.subset]
    naive = min(naive_profiles(texts, study, ids) for _ in range(args.repeat))
    scaled = naive * len(texts) / len(ids)
    print(
        f"{len(texts)} articles x {args.spans} spans x {len(study.layers)} layers "
        f"({chars:,} code points per layer)"
    )
    print(f"every measure, --by pair: {best:.2f} s")
    print(
        f"unit profiles: {mine:.2f} s; naive per code point: {scaled:.2f} s "
        f"({naive:.3f} s on {len(ids)} articles, scaled)"
    )
    print(f"ratio: {mine / scaled:.2f}x of the baseline")


if __name__ == "__main__":
    main()
