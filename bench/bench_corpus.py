"""Listing a 10,000-article corpus vs reading every text (the naive baseline).

Run: .venv/bin/python bench/bench_corpus.py
Prints both times and their ratio; both are measured in this process on the same files.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from annotator.model.text import decode_article
from annotator.store.corpus import Corpus

ARTICLES = 10_000
BODY = ("Kim’s train “appears” to have left – officials said. " * 60 + "\n") * 3


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for i in range(ARTICLES):
            (root / f"article-{i:05d}.txt").write_text(f"Headline {i}\n\n{BODY}", "utf-8")

        start = time.perf_counter()
        corpus = Corpus(root)
        first_screen = [corpus.title(article_id) for article_id in corpus.ids[:60]]
        listed = time.perf_counter() - start

        start = time.perf_counter()
        texts = [decode_article(p.read_bytes(), p) for p in sorted(root.glob("*.txt"))]
        naive = time.perf_counter() - start

        assert len(corpus) == len(texts) == ARTICLES and first_screen[0] == "Headline 0"
        print(f"articles: {ARTICLES}, {len(BODY) // 1000} kB each")
        print(f"list + first screen of titles: {listed * 1000:8.1f} ms")
        print(f"read every text (baseline):    {naive * 1000:8.1f} ms")
        print(f"ratio: {listed / naive:.3f}x")


if __name__ == "__main__":
    main()
