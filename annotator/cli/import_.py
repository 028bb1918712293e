"""``annotator import --format w3c|brat [--force] PATH``: back into the store."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.options import common
from annotator.errors import DataError, UsageError
from annotator.formats.brat import import_brat
from annotator.formats.w3c import import_w3c
from annotator.model.models import Span
from annotator.store.files import read_bytes
from annotator.store.jsonio import loads
from annotator.store.store import Store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a W3C JSON-LD file, or a brat folder")
    parser.add_argument("--format", required=True, choices=["w3c", "brat"])
    parser.add_argument("--force", action="store_true",
                        help="replace existing annotation files that differ")


def run(args: argparse.Namespace) -> int:
    shared = common(args)
    store = Store(shared.corpus, shared.annotations)
    source = Path(args.path)
    if not source.exists():
        raise UsageError(f"{source}: no such file or folder")
    spans: dict[str, list[Span]] = {}
    if args.format == "w3c":
        raw = read_bytes(source)
        by_url = {a.url: a.id for a in store.corpus if a.url}
        spans = import_w3c(loads(raw, source), str(source), by_url)
    else:
        if not source.is_dir():
            raise UsageError(f"{source}: brat import reads a folder of .ann files")
        for ann in sorted(source.glob("*.ann")):
            article_id = ann.stem
            text = store.corpus.text(article_id)
            sidecar = ann.with_name(f"{article_id}.annotator.json")
            spans[article_id] = import_brat(
                read_bytes(ann).decode("utf-8"), text, str(ann),
                sidecar.read_bytes() if sidecar.exists() else None)
    written = 0
    # Check everything before writing anything: no half-done import.
    docs = []
    for article_id, found in sorted(spans.items()):
        text = store.corpus.text(article_id)
        for span in found:
            if text[span.start:span.end] != span.quote:
                raise DataError(source, f"span {span.id} of {article_id}: quote does not match "
                                "the article text at its offsets")
        existing = store.load_annotations(article_id)
        doc = store.new_annotations(article_id, text).model_copy(update={"spans": found})
        if existing is not None and existing.sorted_spans() != doc.sorted_spans() and not args.force:
            raise UsageError(f"{store.annotation_path(article_id)} exists and differs; "
                             "use --force to replace it")
        docs.append(doc)
    for doc in docs:
        written += store.save_annotations(doc, force=args.force)
    print(f"imported {sum(len(v) for v in spans.values())} spans into {len(docs)} files "
          f"({written} changed)")
    return 0
