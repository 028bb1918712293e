"""ArticleView vs a plain read-only TextArea on a 1 MB article with 5,000 spans.

Run: .venv/bin/python bench/bench_article_view.py [--moves N]
Both widgets hold the same text in the same process; every figure is CPU time
(time.process_time), the ratio is ours / plain. Targets (issue #3): at most 0.6x the plain
TextArea's CPU per cursor move and per viewport repaint, first paint under 0.6 s, a new
span painted in under 10 ms of work.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import tracemalloc
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import TextArea

from annotator.model.models import LABELS, Span
from annotator.tui.widgets.article_view import ArticleView

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
    "“in",
    "the",
    "coming",
    "days”",
    "while",
    "analysts",
    "spoke",
    "of",
    "arms",
    "talks",
    "and",
    "munitions",
    "–",
    "20",
    "hours",
    "by",
    "rail,",
    "about",
    "700",
    "km",
]


def make_article(target_bytes: int = 1_000_000, seed: int = 7) -> str:
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < target_bytes:
        words = [rng.choice(WORDS) for _ in range(rng.randint(60, 140))]
        paragraph = " ".join(words).capitalize() + "."
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    return "\n\n".join(paragraphs) + "\n"


def make_spans(text: str, count: int = 5000, seed: int = 11) -> list[Span]:
    rng = random.Random(seed)
    spans = []
    step = len(text) // count
    for i in range(count):
        start = i * step + rng.randint(0, step // 2)
        # Every 25th span crosses a paragraph break; every 10th is nested in its neighbour.
        length = rng.randint(step * 2, step * 4) if i % 25 == 0 else rng.randint(10, step // 2)
        end = min(len(text), start + length)
        if i % 10 == 5 and spans:
            prev = spans[-1]
            start, end = prev.start + 2, max(prev.start + 4, prev.end - 2)
        spans.append(
            Span.create(
                text, start, end, LABELS[i % 4], author="b", span_id=f"s{i}", timestamp=STAMP
            )
        )
    return spans


class Host(App[None]):
    def __init__(self, make: Callable[[], TextArea]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield self.make()


def viewport(widget: TextArea) -> Region:
    return Region(0, 0, widget.size.width, widget.size.height)


async def first_paint(kind: str, text: str, spans: list[Span], trace: bool) -> tuple[float, int]:
    """CPU from app start to the first painted viewport; or, traced, the peak memory."""
    if trace:
        tracemalloc.start()
    start = time.process_time()
    if kind == "plain":
        app = Host(lambda: TextArea(text, read_only=True, soft_wrap=True))
    else:
        app = Host(lambda: ArticleView())
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(TextArea)
        if isinstance(widget, ArticleView):
            widget.load_article(text, spans)
        await pilot.pause()
        widget.render_lines(viewport(widget))
        elapsed = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    return elapsed, peak


async def interactive(kind: str, text: str, spans: list[Span], moves: int) -> dict[str, float]:
    if kind == "plain":
        app = Host(lambda: TextArea(text, read_only=True, soft_wrap=True))
    else:
        app = Host(lambda: ArticleView())
    out: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(TextArea)
        if isinstance(widget, ArticleView):
            widget.load_article(text, spans)
        await pilot.pause()
        middle = widget.document.line_count // 2
        widget.move_cursor((middle, 0), center=True)
        await pilot.pause()
        region = viewport(widget)
        widget.render_lines(region)

        start = time.process_time()
        for i in range(moves):
            widget.action_cursor_down() if i % 2 == 0 else widget.action_cursor_right()
            widget.render_lines(region)
        out["move"] = (time.process_time() - start) / moves

        start = time.process_time()
        for _ in range(20):
            widget._line_cache.clear()
            widget._styles_cache.clear()
            if isinstance(widget, ArticleView):
                widget._styled.clear()  # cold: every visible line styled again
            widget.render_lines(region)
        out["repaint"] = (time.process_time() - start) / 20

        if isinstance(widget, ArticleView):
            base = widget.cursor_offset
            total = 0.0
            current = list(spans)
            for n in range(20):
                new = Span.create(
                    text,
                    base + n,
                    base + n + 30,
                    "disputed",
                    author="b",
                    span_id=f"new{n}",
                    timestamp=STAMP,
                )
                current.append(new)
                start = time.process_time()
                widget.set_spans(current)
                widget.render_lines(region)
                total += time.process_time() - start
            out["new_span"] = total / 20
    return out


async def main(moves: int) -> None:
    text = make_article()
    spans = make_spans(text)
    print(
        f"article: {len(text.encode()) / 1e6:.2f} MB, {len(text.split()):,} words, "
        f"{len(spans):,} spans ({sum(1 for s in spans if chr(10) in s.quote)} cross a line)"
    )
    plain_paint = min([(await first_paint("plain", text, spans, False))[0] for _ in range(3)])
    ours_paint = min([(await first_paint("ours", text, spans, False))[0] for _ in range(3)])
    plain_mem = (await first_paint("plain", text, spans, True))[1]
    ours_mem = (await first_paint("ours", text, spans, True))[1]
    plain = await interactive("plain", text, spans, moves)
    ours = await interactive("ours", text, spans, moves)

    def row(name: str, a: float, b: float, unit: str = "ms", scale: float = 1000) -> None:
        print(f"{name:34s} {a * scale:10.2f} {b * scale:10.2f} {unit}   ratio {a / b:5.2f}x")

    print(f"{'':34s} {'ours':>10s} {'plain':>10s}")
    row("start to first paint (CPU)", ours_paint, plain_paint)
    row("cursor move + repaint (CPU)", ours["move"], plain["move"])
    row("full viewport repaint, cold (CPU)", ours["repaint"], plain["repaint"])
    print(
        f"{'create-and-label span + repaint':34s} {ours['new_span'] * 1000:10.2f} "
        f"{'-':>10s} ms   (target < 10 ms)"
    )
    row("peak traced memory at first paint", ours_mem, plain_mem, "MB", 1e-6)
    print(
        f"targets: move <= 0.6x: {ours['move'] / plain['move'] <= 0.6}; repaint <= 0.6x: "
        f"{ours['repaint'] / plain['repaint'] <= 0.6}; first paint < 0.6 s: {ours_paint < 0.6}; "
        f"new span < 10 ms: {ours['new_span'] < 0.010}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=100)
    asyncio.run(main(parser.parse_args().moves))
