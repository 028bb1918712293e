"""Validator speed on a generated corpus of 1,000 articles x 100 spans.

Run: .venv/bin/python bench/bench_validate.py [--articles N] [--repeat R]
Every figure is the best of R runs, measured in this script on the same files:
- `annotator validate` (whole process) vs `check-jsonschema --schemafile
  schemas/annotation.schema.json` over the same files (checks far less; target <= 0.5x);
- vs a bare loop that only `orjson.loads` every file (in a fresh process, and in-process);
- cold start of `annotator validate` on the seed corpus vs `python -c "import pydantic, orjson"`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from annotator.model.models import Fact, FactRegistry, Span
from annotator.model.text import sha256_text
from annotator.store.jsonio import dumps

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STAMP = "2026-11-22T12:00:00Z"
LABELS = ["confirmed", "disputed", "attributed", "opinion"]


def generate(folder: Path, articles: int, spans: int) -> list[Path]:
    corpus, notes = folder / "seeds", folder / "annotations"
    corpus.mkdir()
    notes.mkdir()
    facts = [f"fact-{i}" for i in range(50)]
    registry = FactRegistry(
        facts=[
            Fact(
                id=f,
                statement=f"Statement {f}.",
                note=None,
                author="b",
                created=STAMP,
                modified=STAMP,
            )
            for f in facts
        ]
    )
    (notes / "facts.json").write_bytes(dumps(registry))
    sentence = "Kim’s “special” train left Pyongyang – officials said on Monday. "
    files = []
    for a in range(articles):
        text = f"Headline {a}\n\n" + "".join(
            sentence + ("\n\n" if i % 5 == 4 else "") for i in range(spans)
        )
        (corpus / f"a{a:04d}.txt").write_text(text, "utf-8")
        out, pos = [], text.index("Kim")
        for i in range(spans):
            start = text.index("Kim", pos)
            end = text.index("Monday", start) + len("Monday")
            label = LABELS[i % 4]
            out.append(
                Span.create(
                    text,
                    start,
                    end,
                    label,
                    author="b",
                    span_id=f"s{i}",
                    facts=[facts[(a + i) % 50]] if label in ("confirmed", "disputed") else [],
                    attribution="officials" if label == "attributed" else None,
                    timestamp=STAMP,
                ).model_dump(mode="json")
            )
            pos = end
        doc = {
            "$schema": "../schemas/annotation.schema.json",
            "version": 1,
            "article": {"id": f"a{a:04d}", "sha256": sha256_text(text)},
            "spans": out,
        }
        path = notes / f"a{a:04d}.json"
        path.write_bytes(dumps(doc))
        files.append(path)
    return files


def best(command: list[str], repeat: int, cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode not in ok:
            raise SystemExit(f"{command[0]} failed ({proc.returncode}): {proc.stderr[-500:]!r}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--spans", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    annotator = str(BIN / "annotator")
    checker = shutil.which("check-jsonschema", path=str(BIN)) or "check-jsonschema"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = generate(folder, args.articles, args.spans)
        names = [str(p.relative_to(folder)) for p in files]
        validator = best([annotator, "validate"], args.repeat, folder)
        schema = best(
            [checker, "--schemafile", str(ROOT / "schemas/annotation.schema.json"), *names],
            args.repeat,
            folder,
        )
        loop_code = (
            "import orjson, pathlib\n"
            "for p in sorted(pathlib.Path('annotations').glob('*.json')):\n"
            "    orjson.loads(p.read_bytes())\n"
        )
        loop_process = best([sys.executable, "-c", loop_code], args.repeat, folder)
        start = time.perf_counter()
        for path in files:
            orjson.loads(path.read_bytes())
        loop_inline = time.perf_counter() - start
    cold = best([annotator, "validate"], args.repeat * 3, ROOT)
    imports = best([sys.executable, "-c", "import pydantic, orjson"], args.repeat * 3, ROOT)

    print(f"corpus: {args.articles} articles x {args.spans} spans ({os.cpu_count()} cores)")
    print(f"annotator validate (whole process)   {validator:8.3f} s")
    print(
        f"check-jsonschema (schema only)       {schema:8.3f} s   ratio {validator / schema:.2f}x"
        "  (target <= 0.5x)"
    )
    print(
        f"orjson.loads loop, own process       {loop_process:8.3f} s   ratio "
        f"{validator / loop_process:.2f}x"
    )
    print(
        f"orjson.loads loop, in this process   {loop_inline:8.3f} s   ratio "
        f"{validator / loop_inline:.1f}x"
    )
    print(f"cold start on seeds/                 {cold:8.3f} s")
    print(f"python -c 'import pydantic, orjson'  {imports:8.3f} s   ratio {cold / imports:.2f}x")


if __name__ == "__main__":
    main()
