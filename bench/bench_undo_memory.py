"""Undo memory per change: a 50-span file against a 5,000-span file (issue #9).

Run: .venv/bin/python bench/bench_undo_memory.py [--changes N]
Opens a generated article in an Editor, makes N changes (relabel, note, link; each an
undo step) and measures with tracemalloc how much memory stays allocated per change
(the undo history holds it). The store's writes are skipped (a subclass whose saves do
nothing) so only what the history keeps is measured. The ratio 5,000 / 50 spans should
be ~1: an undo step keeps what it changed, not a copy of the file's span list.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.editor import Editor
from annotator.model.models import AnnotationFile, FactRegistry
from annotator.store.store import Store
from bench.bench_app_scale import FACT, workspace
from bench.bench_article_view import make_article


class NoWriteStore(Store):
    """Saves nothing: the bench measures the undo history, not the files."""

    def save_annotations(
        self, doc: AnnotationFile, *, force: bool = False, presorted: bool = False
    ) -> bool:
        return True

    def save_facts(self, registry: FactRegistry, *, force: bool = False) -> bool:
        return True


def per_change(text: str, spans: int, changes: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        workspace(Path(folder), text, spans)
        root = Path(folder)
        editor = Editor(
            NoWriteStore(root / "corpus", root / "annotations"),
            "bench",
            clock=lambda: "2026-11-22T12:00:00Z",
        )
        article = editor.open("big")
        ids = [s.id for s in article.doc.spans[: min(50, spans)]]
        # Warm up: the first change on a file may build indexes once.
        editor.set_note(ids[0], "warm")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for n in range(changes):
            span_id = ids[n % len(ids)]
            step = n % 3
            if step == 0:
                editor.relabel(span_id, "opinion" if n % 2 else "confirmed")
            elif step == 1:
                editor.set_note(span_id, f"note {n}")
            else:
                editor.unlink(span_id) if n % 2 else editor.link(span_id, FACT)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert editor.can_undo
        return (after - before) / changes


def main(changes: int) -> None:
    text = make_article()
    small = per_change(text, 50, changes)
    large = per_change(text, 5000, changes)
    print(f"{changes:,} changes each (relabel, note, link/unlink), memory kept per change:")
    print(f"   50-span file: {small:10,.0f} bytes per change")
    print(f"5,000-span file: {large:10,.0f} bytes per change")
    print(f"ratio 5,000 / 50 spans: {large / small:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000)
    main(parser.parse_args().changes)
