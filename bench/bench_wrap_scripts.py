"""Loading a 1 MB article in Latin, Cyrillic, CJK or with emoji (issue #9).

Run: .venv/bin/python bench/bench_wrap_scripts.py
For each script: CPU (time.process_time) to wrap the whole text at the width of a
120-column terminal with our wrapped document (fastwrap) and with Textual's stock
``WrappedDocument`` in the same process, and the ArticleView's start to first paint
(as bench/bench_article_view.py measures it). Non-Latin text must wrap as fast as
Latin: the ratio to Latin is printed.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.widgets.text_area import Document, WrappedDocument

from annotator.tui.widgets.article_view import PlainWrappedDocument
from bench.bench_article_view import first_paint, make_article

WIDTH = 116  # the article view's text width in a 120-column terminal
CYRILLIC = [
    "Специальный",
    "поезд",
    "Кима",
    "покинул",
    "Пхеньян",
    "и",
    "направился",
    "во",
    "Владивосток,",
    "сообщили",
    "официальные",
    "лица;",
    "Кремль",
    "подтвердил",
    "визит",
]
CJK = [
    "金正恩の特別列車は",
    "平壌を出発し",
    "ウラジオストクへ向かったと",
    "当局者が述べた。",
    "克里姆林宫证实了",
    "这次访问",
    "分析人士谈到了武器会谈",
    "约七百公里，",
]
EMOJI = [
    "Kim’s",
    "train",
    "🚆",
    "left",
    "Pyongyang",
    "🇰🇵",
    "for",
    "Vladivostok",
    "🇷🇺",
    "on",
    "Sunday",
    "😀",
    "officials",
    "said",
]


def make_text(words: list[str], joiner: str, target_bytes: int = 1_000_000) -> str:
    rng = random.Random(7)
    paragraphs, size = [], 0
    while size < target_bytes:
        paragraph = joiner.join(rng.choice(words) for _ in range(rng.randint(60, 140)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    return "\n\n".join(paragraphs) + "\n"


def wrap_time(kind: type[WrappedDocument], text: str) -> float:
    document = Document(text)
    start = time.process_time()
    kind(document, width=WIDTH, tab_width=4)
    return time.process_time() - start


async def main() -> None:
    texts = {
        "Latin": make_article(),
        "Cyrillic": make_text(CYRILLIC, " "),
        "CJK": make_text(CJK, ""),
        "emoji mix": make_text(EMOJI, " "),
    }
    rows = {}
    for name, text in texts.items():
        ours = min(wrap_time(PlainWrappedDocument, text) for _ in range(3))
        stock = wrap_time(WrappedDocument, text)
        paint = min([(await first_paint("ours", text, [], False))[0] for _ in range(2)])
        rows[name] = (len(text.encode()), ours, stock, paint)
    latin = rows["Latin"]
    print(
        f"{'script':>10} {'MB':>5} {'fastwrap':>9} {'Textual':>9} {'ratio':>6} "
        f"{'first paint':>12} {'vs Latin':>9}   (CPU ms)"
    )
    for name, (size, ours, stock, paint) in rows.items():
        print(
            f"{name:>10} {size / 1e6:5.2f} {ours * 1000:9.1f} {stock * 1000:9.1f} "
            f"{ours / stock:5.2f}x {paint * 1000:12.1f} {paint / latin[3]:8.2f}x"
        )


if __name__ == "__main__":
    asyncio.run(main())
