"""Opening a large corpus in the real app: first paint, list complete, key latency.

Run: .venv/bin/python bench/bench_corpus_app.py [--sizes 5000,50000]
Generates corpora of small articles (every tenth with an annotation file), opens the
real AnnotatorApp headless (App.run_test) on each, and measures (wall clock, seconds):
the time to the first painted screen, the time until the background fill of the article
list (titles, outlets, counts) is complete, and the longest a key press (down/up in the
article list, sent through the driver every 20 ms all through the fill) waited until
the highlight moved. The ratio of the
largest to the smallest corpus should follow the article count (~10x for 50k/5k), not
its square. Targets (issue #9): 50,000 articles painted in <= 1 s, list complete in
<= 5 s, no key waiting more than 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events

from annotator.model.models import Span
from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.article_list import ArticleList

SIZE = (160, 45)
DEBUG = False
STAMP = "2026-11-22T12:00:00Z"
BODY = "Kim’s train “appears” to have left – officials said. " * 8


def make_corpus(root: Path, count: int) -> Store:
    corpus, annotations = root / "corpus", root / "annotations"
    corpus.mkdir()
    annotations.mkdir()
    for i in range(count):
        (corpus / f"a{i:06d}.txt").write_text(f"Headline number {i}\n\n{BODY}\n", "utf-8")
    store = Store(corpus, annotations)
    for i in range(0, count, 10):
        article_id = f"a{i:06d}"
        text = store.corpus.text(article_id)
        span = Span.create(text, 0, 8, "opinion", author="b", span_id="s1", timestamp=STAMP)
        store.save_annotations(
            store.new_annotations(article_id, text).model_copy(update={"spans": [span]})
        )
    return Store(corpus, annotations)


async def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = make_corpus(Path(folder), count)
        started = time.perf_counter()
        cpu = time.process_time()
        app = AnnotatorApp(store, "bench")
        async with app.run_test(size=SIZE):
            # run_test returns once the app is ready (screen mounted, first refresh
            # requested); no pilot.pause(): it waits for idle, i.e. for the fill.
            listing = app.annotate.query_one(ArticleList)
            while not listing.size:
                await asyncio.sleep(0.001)
            listing.render_lines(listing.region.reset_offset)  # the first screen painted
            painted = time.perf_counter() - started
            assert listing.option_count == count
            listing.focus()
            driver = app._driver
            assert driver is not None
            worst, presses = 0.0, 0
            while any(w.group == "article-list" and not w.is_finished for w in app.workers):
                # A key as the terminal driver delivers it (pilot.press would wait for
                # the app to be idle, which it is not while filling); it counts as
                # handled when the highlight moved.
                highlighted = listing.highlighted
                key = "down" if presses % 2 == 0 else "up"
                event = events.Key(key, None)
                event.set_sender(app)
                before = time.perf_counter()
                driver.send_message(event)
                while listing.highlighted == highlighted:
                    await asyncio.sleep(0.001)
                worst = max(worst, time.perf_counter() - before)
                if DEBUG and time.perf_counter() - before > 0.1:
                    print(
                        f"  key at {before - started:.3f}s waited "
                        f"{time.perf_counter() - before:.3f}s"
                    )
                presses += 1
                await asyncio.sleep(0.02)
            complete = time.perf_counter() - started
            cpu = time.process_time() - cpu
            last = str(listing.get_option_at_index(count - 1).prompt)
            assert "Headline" in last, last
            assert f"0/{count} done" in str(app.annotate.query_one("#status").render())
        return {
            "paint": painted,
            "complete": complete,
            "key": worst,
            "presses": presses,
            "cpu": cpu,
        }


async def main(sizes: list[int]) -> None:
    results = {}
    print(
        f"{'articles':>9} {'first paint':>12} {'complete':>9} {'worst key':>10} "
        f"{'keys':>5} {'CPU':>7}  (seconds, wall clock; CPU: process time)"
    )
    for count in sizes:
        r = results[count] = await measure(count)
        print(
            f"{count:>9,} {r['paint']:>12.3f} {r['complete']:>9.3f} {r['key']:>10.3f} "
            f"{int(r['presses']):>5} {r['cpu']:>7.2f}"
        )
    small, large = results[min(sizes)], results[max(sizes)]
    print(
        f"ratio {max(sizes) // min(sizes)}x articles: first paint "
        f"{large['paint'] / small['paint']:.1f}x, complete "
        f"{large['complete'] / small['complete']:.1f}x, CPU {large['cpu'] / small['cpu']:.1f}x"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000")
    args = parser.parse_args()
    asyncio.run(main([int(n) for n in args.sizes.split(",")]))
