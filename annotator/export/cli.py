"""``annotator export --format F [--output PATH] [--force] [PATH ...]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from annotator.errors import UsageError
from annotator.export.brat import export_brat
from annotator.export.claimreview import export_claimreview
from annotator.export.dataset import Dataset, load_dataset
from annotator.export.tabular import export_csv, export_json, export_jsonl
from annotator.export.w3c import export_w3c
from annotator.store.jsonio import atomic_write

SINGLE_FILE: dict[str, Callable[[Dataset], bytes]] = {
    "json": export_json, "jsonl": export_jsonl, "csv": export_csv, "w3c": export_w3c,
}
FORMATS = [*SINGLE_FILE, "brat", "claimreview"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="annotation files or folders (default: annotations/)")
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("--output", "-o", metavar="PATH",
                        help="file to write (a folder for brat); default: standard output")
    parser.add_argument("--corpus", dest="export_corpus", metavar="DIR",
                        help="folder of article *.txt files (default: seeds/)")
    parser.add_argument("--force", action="store_true",
                        help="export even when the validator finds errors")
    parser.add_argument("--publisher", default="annotator",
                        help="ClaimReview author organization (default: annotator)")


def gate(paths: list[Path], corpus: Path, force: bool) -> bool:
    """Run the validator; print its errors. True when the export may go ahead."""
    from annotator.validate import validate_paths

    result = validate_paths(paths, corpus)
    if not result.errors:
        return True
    for finding in sorted(result.findings, key=lambda f: f.sort_key):
        if finding.severity == "error":
            print(finding.format_text(), file=sys.stderr)
    if force:
        print(f"annotator: exporting anyway (--force) despite {result.errors} errors",
              file=sys.stderr)
        return True
    print(f"annotator: not exported: {result.errors} validation errors (--force exports anyway)",
          file=sys.stderr)
    return False


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path(args.annotations)]
    corpus = Path(args.export_corpus or args.corpus)
    if args.format == "brat" and not args.output:
        raise UsageError("brat writes a folder: give --output DIR")
    if not gate(paths, corpus, args.force):
        return 1
    data = load_dataset(paths, corpus)
    if args.format == "brat":
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in export_brat(data).items():
            atomic_write(folder / name, content)
        return 0
    if args.format == "claimreview":
        content = export_claimreview(data, args.publisher)
    else:
        content = SINGLE_FILE[args.format](data)
    if args.output:
        atomic_write(Path(args.output), content)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    return 0
