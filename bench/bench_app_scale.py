"""One span change in the real app on an article with many spans (issue #9).

Run: .venv/bin/python bench/bench_app_scale.py [--repeat N]
Drives the real AnnotatorApp headless (App.run_test) on a generated 1 MB article with
50 (the baseline), 5,000 and 20,000 spans, and times the CPU (time.process_time) of one
create, one relabel and one delete through the annotation screen's actions, each
followed by ``await pilot.pause()`` (so the repaint is included, and so is the Editor's
save of the annotation file). Prints the figures and the ratio against the 50-span
article measured in the same process. Targets: <= 50 ms at 5,000 spans, <= 150 ms at
20,000.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.model.models import AnnotationFile, Fact, FactRegistry, Span
from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.article_view import ArticleView
from bench.bench_article_view import STAMP, make_article, make_spans

SIZE = (160, 45)
FACT = "bench-fact"


def complete(spans: list[Span]) -> list[Span]:
    """Give the generated spans what their labels need (facts, attribution)."""
    out = []
    for span in spans:
        if span.label in ("confirmed", "disputed"):
            span = span.model_copy(update={"facts": [FACT]})
        elif span.label == "attributed":
            span = span.model_copy(update={"attribution": "officials"})
        out.append(span)
    return out


def workspace(root: Path, text: str, count: int) -> Store:
    corpus, annotations = root / "corpus", root / "annotations"
    corpus.mkdir()
    annotations.mkdir()
    (corpus / "big.txt").write_text(text, "utf-8")
    store = Store(corpus, annotations)
    fact = Fact(id=FACT, statement="A fact.", note=None, author="b", created=STAMP, modified=STAMP)
    store.save_facts(FactRegistry(facts=[fact]))
    doc = store.new_annotations("big", text)
    spans = complete(make_spans(text, count)) if count else []
    store.save_annotations(doc.model_copy(update={"spans": spans}))
    return Store(corpus, annotations)


async def measure(text: str, count: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = workspace(Path(folder), text, count)
        app = AnnotatorApp(store, "bench")
        times: dict[str, list[float]] = {
            name: []
            for name in (
                "create",
                "relabel",
                "delete",
                "create save",
                "relabel save",
                "delete save",
            )
        }
        saving = [0.0]
        save = store.save_annotations

        def timed_save(
            doc: AnnotationFile, *, force: bool = False, presorted: bool = False
        ) -> bool:
            start = time.process_time()
            try:
                return save(doc, force=force, presorted=presorted)
            finally:
                saving[0] += time.process_time() - start

        store.save_annotations = timed_save  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.annotate
            view = screen.query_one(ArticleView)
            view.focus()
            await pilot.pause()
            for n in range(repeat):
                # A fresh range in the middle of the text, where no span starts.
                base = len(text) // 2 + 97 * n
                view.select_offsets(base, base + 23)
                await pilot.pause()
                start, saving[0] = time.process_time(), 0.0
                screen.action_label("opinion")
                await pilot.pause()
                times["create"].append(time.process_time() - start)
                times["create save"].append(saving[0])
                span_id = screen.current_span_id
                assert span_id is not None
                span = screen.current_span(span_id)
                assert span is not None and span.label == "opinion"

                # Relabel: the same range selected, the key relabels the span there.
                # (Attributed, with an attribution, so no dialog opens.)
                app.editor.set_attribution(span_id, "someone")
                view.select_offsets(span.start, span.end)
                await pilot.pause()
                start, saving[0] = time.process_time(), 0.0
                screen.action_label("attributed")
                await pilot.pause()
                times["relabel"].append(time.process_time() - start)
                times["relabel save"].append(saving[0])
                relabelled = screen.current_span(span_id)
                assert relabelled is not None and relabelled.label == "attributed"

                screen.current_span_id = span_id
                await pilot.pause()
                start, saving[0] = time.process_time(), 0.0
                screen.action_delete_span()
                await pilot.pause()
                times["delete"].append(time.process_time() - start)
                times["delete save"].append(saving[0])
                assert screen.current_span(span_id) is None
            assert app.editor.article is not None
            assert len(app.editor.article.doc.spans) == count
        best = {name: min(values) for name, values in times.items()}
        for name in ("create", "relabel", "delete"):
            # The app without the Editor's save (an atomic write of the whole file).
            best[f"{name} w/o save"] = min(
                a - b for a, b in zip(times[name], times[f"{name} save"], strict=True)
            )
        return best


async def main(repeat: int) -> None:
    text = make_article()
    print(
        f"article: {len(text.encode()) / 1e6:.2f} MB; one change through the screen's "
        f"actions + pilot.pause(), CPU ms (best of {repeat})"
    )
    baseline = await measure(text, 50, repeat)
    names = ("create", "relabel", "delete")
    print(f"{'spans':>7} {'':>9} " + " ".join(f"{n:>8}" for n in names) + "   ratio vs 50 spans")
    for count in (50, 5000, 20000):
        figures = baseline if count == 50 else await measure(text, count, repeat)
        for kind in ("", " w/o save", " save"):
            keys = [n + kind for n in names]
            ratios = " ".join(f"{figures[k] / max(baseline[k], 1e-9):5.1f}x" for k in keys)
            print(
                f"{count:>7,} {kind or ' total':>9} "
                + " ".join(f"{figures[k] * 1000:8.1f}" for k in keys)
                + f"   {ratios}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    asyncio.run(main(parser.parse_args().repeat))
