"""Very large inputs stay linear: a 20 MB one-line article, 50,000 registry facts.

Run: .venv/bin/python bench/bench_large.py [--repeat R]
Everything is measured in this process, as the best of R runs, and printed as a ratio
against a baseline measured the same way:
- validate and export (json, csv, w3c) of one article of 20 MB on a single line with 2,000
  spans vs the same of a 1 MB article with 100 spans (20x the data: a ratio near 20 is
  linear, 400 would be quadratic);
- validate of a registry of 50,000 facts vs 2,500 facts (20x: again ~20 is linear).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

from annotator.formats.tabular import export_csv, export_json
from annotator.formats.w3c import export_w3c
from annotator.model.models import AnnotationFile, ArticleRef, Fact, FactRegistry, Span
from annotator.model.text import sha256_text
from annotator.store.dataset import load_dataset
from annotator.store.jsonio import dumps
from annotator.validate import validate_paths

STAMP = "2026-11-22T12:00:00Z"
WORDS = "Kim’s special train left Pyongyang and officials said so on Monday “quoted” — "


def article(folder: Path, megabytes: int, spans: int, facts: int) -> Path:
    """A corpus with one article of ``megabytes`` MB on one line, ``spans`` spans over it,
    and a registry of ``facts`` facts; returns the annotations folder."""
    corpus, notes = folder / "seeds", folder / "annotations"
    corpus.mkdir()
    notes.mkdir()
    unit = WORDS * 16
    text = unit * (megabytes * 1024 * 1024 // len(unit.encode()) + 1)
    (corpus / "big.txt").write_text(text, "utf-8")
    step = len(text) // spans
    made = [
        Span.create(
            text,
            i * step + 4,
            i * step + 4 + 40,
            "confirmed" if i % 2 else "opinion",
            author="b",
            facts=[f"fact-{i % facts}"] if i % 2 else [],
            span_id=f"s{i}",
            timestamp=STAMP,
        )
        for i in range(spans)
    ]
    doc = AnnotationFile(article=ArticleRef(id="big", sha256=sha256_text(text)), spans=made)
    (notes / "big.json").write_bytes(dumps(doc.model_copy(update={"spans": doc.sorted_spans()})))
    registry = FactRegistry(
        facts=[
            Fact(
                id=f"fact-{i}",
                statement=f"Statement number {i}.",
                note=None,
                author="b",
                created=STAMP,
                modified=STAMP,
            )
            for i in range(facts)
        ]
    )
    (notes / "facts.json").write_bytes(dumps(registry))
    return notes


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            run()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(notes: Path, repeat: int) -> dict[str, float]:
    corpus = notes.parent / "seeds"
    data = load_dataset([notes], corpus)
    out = {
        "validate": best(lambda: validate_paths([notes], corpus), repeat),
        "load dataset": best(lambda: load_dataset([notes], corpus), repeat),
        "export json": best(lambda: export_json(data), repeat),
        "export csv": best(lambda: export_csv(data), repeat),
        "export w3c": best(lambda: export_w3c(data), repeat),
    }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base_dir, big_dir = Path(tmp) / "base", Path(tmp) / "big"
        base_dir.mkdir()
        big_dir.mkdir()
        base = measure(article(base_dir, 1, 100, 50), args.repeat)
        big = measure(article(big_dir, 20, 2000, 50), args.repeat)
        print("20 MB one-line article (2,000 spans) vs 1 MB (100 spans); 20x the data")
        for name in base:
            print(
                f"  {name:14} {big[name]:8.3f} s vs {base[name]:7.3f} s: "
                f"{big[name] / base[name]:5.1f}x"
            )
        facts_dir, few_dir = Path(tmp) / "facts", Path(tmp) / "few"
        facts_dir.mkdir()
        few_dir.mkdir()
        many = article(facts_dir, 1, 100, 50_000)
        few = article(few_dir, 1, 100, 2_500)
        corpus_many, corpus_few = many.parent / "seeds", few.parent / "seeds"
        t_many = best(lambda: validate_paths([many], corpus_many), args.repeat)
        t_few = best(lambda: validate_paths([few], corpus_few), args.repeat)
        print("validate, registry of 50,000 facts vs 2,500 facts; 20x the facts")
        print(f"  {'validate':14} {t_many:8.3f} s vs {t_few:7.3f} s: {t_many / t_few:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
