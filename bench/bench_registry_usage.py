"""The registry screen's usage count after a move: 3,000 annotation files, cold vs warm.

Run: .venv/bin/python bench/bench_registry_usage.py [--files N]
Writes N annotation files (copies of the frozen test annotations, half gold, half in an
analyst's layer ``by/ana/``) and asks ``Editor.fact_usage()`` as the registry screen does
after every edit, rename, merge, delete or undo: once cold (every file read and
validated), then again with nothing changed, then after one file changed on disk. Figures
are CPU time (time.process_time) in the same process; the ratio cold / warm is how much a
redraw saves by not reading unchanged files again (``Store.peek_annotation_files``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.editor import Editor
from annotator.store.store import Store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def build(folder: Path, files: int) -> Path:
    annotations = folder / "annotations"
    layer = annotations / "by" / "ana"
    layer.mkdir(parents=True)
    shutil.copy(DATA / "annotations" / "facts.json", annotations / "facts.json")
    sources = sorted(p for p in (DATA / "annotations").glob("*.json") if p.name != "facts.json")
    for n in range(files):
        source = sources[n % len(sources)]
        target = annotations if n % 2 == 0 else layer
        shutil.copy(source, target / f"{source.stem}-{n:05d}.json")
    return annotations


def timed(editor: Editor) -> tuple[float, int]:
    start = time.process_time()
    usage = editor.fact_usage()
    return time.process_time() - start, sum(len(u) for u in usage.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=3000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        annotations = build(Path(tmp), options.files)
        editor = Editor(Store(DATA / "corpus", annotations), "bench")
        cold, uses = timed(editor)
        warm, same = timed(editor)
        assert same == uses
        changed = next(annotations.glob("*-00000.json"))
        changed.write_bytes(changed.read_bytes().replace(b'"facts": [', b'"facts": [ ', 1))
        one, _ = timed(editor)
    print(f"{options.files} files, {uses} uses")
    print(f"cold (every file read):   {cold * 1000:8.1f} ms")
    print(f"warm (nothing changed):   {warm * 1000:8.1f} ms   cold/warm {cold / warm:6.1f}x")
    print(f"one file changed on disk: {one * 1000:8.1f} ms   cold/one  {cold / one:6.1f}x")


if __name__ == "__main__":
    main()
