"""Very large inputs in the app: time to first paint of a 20 MB article on one line
against a 1 MB one-line article, and opening a span with a 100 MB note.

Run: .venv/bin/python bench/bench_large_app.py [--big-mb N] [--note-mb N]
Each case starts the real app (headless, 120x40) on its own corpus folder in a temporary
directory, in this one process; figures are CPU time (time.process_time) from creating
the app to the article view's first painted viewport. The ratio big / small shows the
growth: linear work gives about the size ratio, quadratic work far more.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from textual.geometry import Region

from annotator.model.models import AnnotationFile, ArticleRef, Span
from annotator.model.text import sha256_text
from annotator.store.jsonio import dumps
from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp

SIZE = (120, 40)
STAMP = "2026-11-22T12:00:00Z"
WORDS = [
    "Kim’s",
    "special",
    "train",
    "left",
    "Pyongyang",
    "for",
    "Vladivostok",
    "on",
    "Sunday,",
    "officials",
    "said;",
    "the",
    "Kremlin",
    "confirmed",
    "a",
    "visit",
    "while",
    "analysts",
    "spoke",
    "of",
    "arms",
    "talks",
]


def one_line(size: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    chunk = " ".join(rng.choice(WORDS) for _ in range(20_000))
    text = (chunk + " ") * (size // (len(chunk) + 1) + 1)
    return text[:size] + "\n"


def corpus(root: Path, text: str, note: str | None = None) -> Store:
    (root / "seeds").mkdir()
    (root / "annotations").mkdir()
    (root / "seeds" / "big.txt").write_text(text, "utf-8")
    if note is not None:
        span = Span.create(
            text, 10, 40, "opinion", author="bench", span_id="s1", timestamp=STAMP
        ).model_copy(update={"note": note})
        doc = AnnotationFile(article=ArticleRef(id="big", sha256=sha256_text(text)), spans=[span])
        (root / "annotations" / "big.json").write_bytes(dumps(doc))
    return Store(root / "seeds", root / "annotations")


async def first_paint(text: str, note: str | None = None) -> tuple[float, float]:
    """CPU seconds to the first painted article, and (with a note) to show the span."""
    with tempfile.TemporaryDirectory() as folder:
        store = corpus(Path(folder), text, note)
        start = time.process_time()
        app = AnnotatorApp(store, "bench")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = app.annotate.view
            view.render_lines(Region(0, 0, view.size.width, view.size.height))
            painted = time.process_time() - start
            shown = 0.0
            if note is not None:
                start = time.process_time()
                view.select_offsets(12, 12)
                await pilot.pause()
                await pilot.press("n")  # refused with a warning, never loaded
                await pilot.pause()
                shown = time.process_time() - start
                assert app.annotate.current_span_id == "s1"
        return painted, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=float, default=20)
    parser.add_argument("--note-mb", type=float, default=100)
    args = parser.parse_args()
    small, _ = asyncio.run(first_paint(one_line(1_000_000)))
    big, _ = asyncio.run(first_paint(one_line(int(args.big_mb * 1_000_000))))
    print(f"one-line article   1 MB: first paint {small:7.2f} s CPU")
    print(f"one-line article {args.big_mb:3.0f} MB: first paint {big:7.2f} s CPU")
    print(f"ratio {args.big_mb:.0f} MB / 1 MB: {big / small:.1f}x (size {args.big_mb:.0f}x)")
    note = "n" * int(args.note_mb * 1_000_000)
    base, short = asyncio.run(first_paint(one_line(100_000), "a short note"))
    opened, huge = asyncio.run(first_paint(one_line(100_000), note))
    print(f"span with a short note: first paint {base:6.2f} s, select + n {short:6.2f} s CPU")
    print(
        f"span with a {args.note_mb:.0f} MB note: first paint {opened:6.2f} s, "
        f"select + n {huge:6.2f} s CPU (ratio {huge / max(short, 1e-3):.1f}x)"
    )


if __name__ == "__main__":
    main()
